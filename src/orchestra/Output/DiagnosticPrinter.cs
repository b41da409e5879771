using System.Text.Json;
using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Cli.Output;

/// <summary>Findings go to stderr, one per line, as <c>file:line:col: error: message (json path)</c>.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Console.Error.WriteLine(d.ToString());
    }

    public static void WriteJson(Utf8JsonWriter json, string name, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("severity", d.IsError ? "error" : "warning");
            json.WriteString("file", d.Location.File);
            json.WriteNumber("line", d.Location.Line);
            json.WriteNumber("column", d.Location.Column);
            json.WriteString("path", d.Location.JsonPath);
            json.WriteString("message", d.Message);
            json.WriteString("text", d.ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
