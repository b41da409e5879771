using System.Text.Json;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>What a local cloud is made of, kept in its state directory so that <c>cloud down</c> undoes exactly that.</summary>
public sealed record LocalCloudRecord(string Prefix, string Subnet, int Hosts, int Cores)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static LocalCloudRecord? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<LocalCloudRecord>(File.ReadAllText(path), Json) : null;

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
