namespace CloudOrchestra.Deploy.Processes;

/// <summary>How a program ended and what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last lines of what it printed, for an error message.</summary>
    public string Tail(int lines = 5) =>
        string.Join('\n', (Stderr.Length > 0 ? Stderr : Stdout).TrimEnd().Split('\n').TakeLast(lines));
}
