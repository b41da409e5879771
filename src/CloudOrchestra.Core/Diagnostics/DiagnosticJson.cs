using System.Text.Json;

namespace CloudOrchestra.Diagnostics;

/// <summary>
/// Findings as JSON, located as on the command line: <c>[{"severity", "file", "line", "column", "path", "message",
/// "text"}]</c>, for <c>orchestra validate --json</c> and the web studio's answers alike.
/// </summary>
public static class DiagnosticJson
{
    public static void Write(Utf8JsonWriter json, string name, IEnumerable<Diagnostic> diagnostics)
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
