namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// Every shell program the repository ships (the agent, the CLI's wrapper, scripts, benchmarks, CI) passes shellcheck.
/// </summary>
public sealed class ShellFilesTests
{
    /// <summary>
    /// Tracked files whose first line runs bash or sh, and bash libraries (<c>*.bash</c>) that say so to shellcheck.
    /// </summary>
    private static IReadOnlyList<string> ShellFiles()
    {
        var tracked = OrchestraCli.RunProgram("git", OrchestraCli.RepositoryRoot, new Dictionary<string, string>(),
            "ls-files", "-z");
        Assert.True(tracked.ExitCode == 0, tracked.ToString());
        return [.. tracked.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(OrchestraCli.RepositoryRoot, f))
                && IsShell(Path.Combine(OrchestraCli.RepositoryRoot, f)))];
    }

    private static bool IsShell(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? "";
        if (path.EndsWith(".bash", StringComparison.Ordinal)) return first == "# shellcheck shell=bash";
        return first.StartsWith("#!", StringComparison.Ordinal)
            && (first.EndsWith("bash", StringComparison.Ordinal) || first.EndsWith("/sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_shipped_shell_file_passes_shellcheck()
    {
        var files = ShellFiles();
        Assert.Contains("src/CloudOrchestra.Deploy/Agent/orchestra-agent", files);
        Assert.Contains("src/CloudOrchestra.Deploy/Agent/lib/process.bash", files);
        Assert.Contains("scripts/test", files);

        var check = OrchestraCli.RunProgram("shellcheck", OrchestraCli.RepositoryRoot, new Dictionary<string, string>(),
            ["-x", .. files]);

        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
