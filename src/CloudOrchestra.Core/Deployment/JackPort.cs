using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudOrchestra.Deployment;

/// <summary>A port of a JACK client, written <c>client:port</c> as jack_connect takes it.</summary>
public sealed record JackPort(string Client, string Port)
{
    public override string ToString() => $"{Client}:{Port}";

    /// <summary>The port written <c>client:port</c>: a client's name holds no colon, a port's may.</summary>
    /// <exception cref="FormatException">There is no colon.</exception>
    public static JackPort Parse(string text) =>
        text.IndexOf(':') is var colon and > 0
            ? new(text[..colon], text[(colon + 1)..])
            : throw new FormatException($"'{text}' is no JACK port (client:port)");

    /// <summary>A client's numbered ports, as an engine names them: <c>Numbered("lp", "input", 2)</c> is lp:input1,
    /// lp:input2;
    /// <paramref name="first"/>: the first port's number (1, or 0 for engines that count from 0).</summary>
    public static IReadOnlyList<JackPort> Numbered(string client, string prefix, int count, int first = 1) =>
        [.. Enumerable.Range(first, count).Select(i => new JackPort(client, $"{prefix}{i}"))];
}

/// <summary>
/// One JACK connection to make on a machine; in JSON, its two ports' names: <c>["fm:output1", "lp:input1"]</c>.
/// </summary>
[JsonConverter(typeof(WireJson))]
public sealed record Wire(JackPort From, JackPort To);

internal sealed class WireJson : JsonConverter<Wire>
{
    public override Wire Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<string[]>(ref reader, options) is [var from, var to]
            ? new Wire(JackPort.Parse(from), JackPort.Parse(to))
            : throw new JsonException("a connection is the names of its two ports");

    public override void Write(Utf8JsonWriter writer, Wire value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.From.ToString());
        writer.WriteStringValue(value.To.ToString());
        writer.WriteEndArray();
    }
}
