using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CloudOrchestra.Cli.Tests;

/// <summary>A running <c>orchestra serve</c>: its address and token as it printed them; killed when disposed.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;

    public ServeProcess(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(OrchestraCli.RepositoryRoot, "orchestra"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args.Prepend("serve")) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && _process.StandardOutput.ReadLine() is { } line)
        {
            Printed += line + "\n";
            if (Url is null && UrlPattern().Match(line) is { Success: true } url) Url = url.Value;
            if (line.StartsWith("Token: ", StringComparison.Ordinal)) Token = line["Token: ".Length..];
            // On loopback the address is all it prints; beyond, a token follows.
            if (Url is not null && (Token is not null || Url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)))
                break;
        }
        if (Url is null)
            throw new InvalidOperationException(
                $"orchestra serve did not say where it listens:\n{Printed}{_process.StandardError.ReadToEnd()}");
    }

    public string Printed { get; private set; } = "";
    public string? Url { get; }
    public string? Token { get; }

    /// <summary>The address to connect to: a wildcard address is reached on loopback.</summary>
    public Uri BaseAddress => new(Url!.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]"));

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    [GeneratedRegex(@"http://[^ ,]+")]
    private static partial Regex UrlPattern();
}
