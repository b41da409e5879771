using System.Text.Json;

namespace CloudOrchestra.Cli.Output;

/// <summary>Writes one JSON document to stdout for <c>--json</c>.</summary>
internal static class JsonOutput
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            body(json);
        }
        stdout.WriteByte((byte)'\n');
    }
}
