using System.Text.Json;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>Writes a hosts file that <c>orchestra plan</c> and <c>up</c> read back.</summary>
public static class HostsFileWriter
{
    public static void Write(string path, IReadOnlyList<HostEntry> hosts, string comment)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        json.WriteString("comment", comment);
        json.WriteString("cloud", "local");
        json.WriteStartArray("hosts");
        foreach (var h in hosts)
        {
            json.WriteStartObject();
            json.WriteString("name", h.Name);
            json.WriteString("host", h.Address);
            json.WriteString("username", h.User);
            json.WriteNumber("cores", h.Cores);
            json.WriteString("identity", h.Identity);
            json.WriteString("knownHosts", h.KnownHosts);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
