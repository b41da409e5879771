using System.Diagnostics;
using System.Globalization;
using System.Text;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// One long-lived agent on one machine (<c>orchestra-agent serve</c>, over one ssh session), taking calls one
/// at a time: a deployment's dozen calls per machine then cost one ssh session, one login and one bash
/// instead of a dozen. A call is its word count and words, each ended by NUL; the reply is a line
/// "orchestra-agent-reply RC OUT ERR" and that many lines of output and of errors. When the session ends
/// (the machine is unreachable), the call fails with the session's exit code and errors, as a single ssh call
/// would. An agent older than <c>serve</c> (a deployment made by an earlier version) gets single calls.
/// </summary>
internal sealed class AgentSession(
    IReadOnlyList<string> command,
    Func<IReadOnlyList<string>, CancellationToken, Task<CommandResult>> single) : IAsyncDisposable
{
    private const string ReplyTag = "orchestra-agent-reply ";
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Queue<string> errors = new();
    private Process? process;
    private bool servesNot;

    public async Task<CommandResult> CallAsync(IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancel)
    {
        if (args.Any(a => a.Contains('\0'))) throw new ArgumentException("an agent argument holds a NUL byte", nameof(args));
        await gate.WaitAsync(cancel);
        try
        {
            if (servesNot) return await single(args, cancel);
            if (process is null && Start() is { } failed) return failed;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(timeout);
            try
            {
                return await ExchangeAsync(args, deadline.Token) ?? await EndedAsync(args, cancel);
            }
            catch (IOException)
            {
                return await EndedAsync(args, cancel); // it ended before it read the call
            }
            catch (OperationCanceledException)
            {
                Kill();
                cancel.ThrowIfCancellationRequested();
                return new CommandResult(124, "", $"timed out after {timeout.TotalSeconds:0} s: {string.Join(' ', args)}");
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Sends one call and reads its reply; null when the session ended first.</summary>
    private async Task<CommandResult?> ExchangeAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var request = new StringBuilder().Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append('\0');
        foreach (var a in args) request.Append(a).Append('\0');
        await process!.StandardInput.WriteAsync(request, cancel);
        await process.StandardInput.FlushAsync(cancel);
        var header = await process.StandardOutput.ReadLineAsync(cancel);
        if (header is null) return null;
        var f = header.StartsWith(ReplyTag, StringComparison.Ordinal) ? header[ReplyTag.Length..].Split(' ') : [];
        if (f.Length != 3 || !int.TryParse(f[0], out var rc) || !int.TryParse(f[1], out var outLines) || !int.TryParse(f[2], out var errLines))
        {
            Kill();
            return new CommandResult(1, header, $"the agent answered '{header}' instead of a reply");
        }
        var stdout = await ReadLinesAsync(outLines, cancel);
        var stderr = await ReadLinesAsync(errLines, cancel);
        if (stdout is null || stderr is null) return null;
        return new CommandResult(rc, stdout, stderr);
    }

    private async Task<string?> ReadLinesAsync(int count, CancellationToken cancel)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (await process!.StandardOutput.ReadLineAsync(cancel) is not { } line) return null;
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The session ended: the machine's answer is its exit code and errors, or, from an old agent, a single call.</summary>
    private async Task<CommandResult> EndedAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var ended = process;
        process = null;
        if (ended is null) return new CommandResult(255, "", "the agent's session ended");
        await ended.WaitForExitAsync(cancel);
        ended.WaitForExit(); // lets the last error lines arrive
        string stderr;
        lock (errors) stderr = string.Join('\n', errors);
        var exitCode = ended.ExitCode;
        ended.Dispose();
        if (stderr.Contains("unknown verb 'serve'", StringComparison.Ordinal))
        {
            servesNot = true;
            return await single(args, cancel);
        }
        return new CommandResult(exitCode == 0 ? 255 : exitCode, "", stderr.Length > 0 ? stderr : "the agent's session ended");
    }

    private CommandResult? Start()
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        var p = new Process { StartInfo = start };
        lock (errors) errors.Clear();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors)
            {
                errors.Enqueue(e.Data);
                if (errors.Count > 40) errors.Dequeue();
            }
        };
        try
        {
            p.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            p.Dispose();
            return new CommandResult(127, "", $"{command[0]}: {e.Message}");
        }
        p.BeginErrorReadLine();
        process = p;
        return null;
    }

    private void Kill()
    {
        if (process is null) return;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it had already exited
        }
        process.Dispose();
        process = null;
    }

    /// <summary>Ends the session: the agent stops reading when its input closes.</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (process is null) return;
            try
            {
                process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(wait.Token);
                process.Dispose();
                process = null;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                Kill();
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
