namespace CloudOrchestra.Deploy.Processes;

/// <summary>
/// Runs a program with an argument list — never through a shell — and waits for it. The seam that
/// unit tests fill with a fake and the real tool fills with <see cref="CommandRunner"/>.
/// </summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancel, string? stdin = null,
        TimeSpan? timeout = null);
}

public static class CommandRunnerExtensions
{
    /// <summary>Runs and throws <see cref="CommandFailedException"/> naming the command when it fails.</summary>
    public static async Task<CommandResult> RunCheckedAsync(this ICommandRunner runner, IReadOnlyList<string> argv,
        CancellationToken cancel, string? stdin = null, TimeSpan? timeout = null)
    {
        var result = await runner.RunAsync(argv, cancel, stdin, timeout);
        if (!result.Succeeded)
        {
            throw new CommandFailedException(
                $"'{string.Join(' ', argv)}' failed (exit {result.ExitCode}): {result.Tail()}");
        }
        return result;
    }
}
