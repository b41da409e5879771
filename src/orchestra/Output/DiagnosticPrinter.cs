using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Cli.Output;

/// <summary>Findings go to stderr, one per line, as <c>file:line:col: error: message (json path)</c>.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Console.Error.WriteLine(d.ToString());
    }
}
