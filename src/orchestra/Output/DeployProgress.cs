using System.Text.Json;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deployment;
using Spectre.Console;

namespace CloudOrchestra.Cli.Output;

/// <summary>
/// Live progress of a deployment: a line per machine and step for people, a JSON line per event for scripts.
/// </summary>
internal static class DeployProgress
{
    public static IProgress<DeployEvent> For(bool json) => new SynchronousProgress(json ? WriteJson : WriteLine);

    private static void WriteLine(DeployEvent e)
    {
        var title = e.Step.Title();
        var seconds = e.Elapsed.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        switch (e.Kind)
        {
            case DeployEventKind.Succeeded:
                AnsiConsole.MarkupLineInterpolated($"  [green]✓[/] {e.Machine,-12} {title} [grey]{seconds} s[/]");
                break;
            case DeployEventKind.Failed:
                AnsiConsole.MarkupLineInterpolated($"  [red]✗[/] {e.Machine,-12} {title} [grey]{seconds} s[/]");
                break;
        }
    }

    private static readonly Lock ConsoleLock = new();

    private static void WriteJson(DeployEvent e)
    {
        var line = e.ToJson();
        lock (ConsoleLock) Console.Out.WriteLine(line);
    }

    /// <summary>Reports on the caller's thread, in order, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SynchronousProgress(Action<DeployEvent> report) : IProgress<DeployEvent>
    {
        public void Report(DeployEvent value)
        {
            lock (ConsoleLock) report(value);
        }
    }
}
