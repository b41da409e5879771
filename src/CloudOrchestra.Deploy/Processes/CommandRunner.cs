using System.Diagnostics;

namespace CloudOrchestra.Deploy.Processes;

/// <summary>Runs real programs on this machine.</summary>
public sealed class CommandRunner : ICommandRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public async Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancel,
        string? stdin = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1)) start.ArgumentList.Add(arg);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(127, "", $"{argv[0]}: {e.Message}");
        }
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel);
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancel.ThrowIfCancellationRequested();
            return new CommandResult(124, await stdout,
                $"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {string.Join(' ', argv)}");
        }
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
