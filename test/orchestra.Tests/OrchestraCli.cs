using System.Diagnostics;

namespace CloudOrchestra.Cli.Tests;

/// <summary>Runs the real <c>./orchestra</c> at the repository root, as a user would.</summary>
public static class OrchestraCli
{
    public static readonly string RepositoryRoot = FindRoot();

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static Result Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, new Dictionary<string, string>(), args);

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        params string[] args) =>
        RunProgram(Path.Combine(RepositoryRoot, "orchestra"), workingDirectory, environment, args);

    /// <summary>Runs any program (ssh, ip, getent...) the same way, for checking what the CLI did.</summary>
    public static Result RunProgram(string program, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Copies a directory tree (an example orchestra into a test's scratch directory), leaving out any gen/.
    /// </summary>
    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) != "gen"))
            CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CloudOrchestra.slnx"))) dir = dir.Parent;
        return dir?.FullName
            ?? throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}

/// <summary>Builds the CLI once before the tests that run it, so that they do not race to build it.</summary>
public sealed class BuiltCli
{
    public BuiltCli()
    {
        var result = OrchestraCli.Run(OrchestraCli.RepositoryRoot, "--version");
        if (result.ExitCode != 0) throw new InvalidOperationException("./orchestra could not be built:\n" + result);
    }
}

[CollectionDefinition("cli")]
public sealed class CliCollection : ICollectionFixture<BuiltCli>;
