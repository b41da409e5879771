using System.Text.Json;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>
/// What a local cloud is made of, kept in its state directory so that <c>cloud down</c> undoes exactly that.
/// </summary>
/// <param name="Id">This making of the cloud: a deployment on it knows, once it has been removed (and made again), that
/// its machines and their processes went with it. Null in a record written before clouds had one.</param>
/// <param name="ClockOffsets">With <c>cloud up --clock-offsets</c>: each machine's monotonic and boottime clock minus
/// this computer's, in seconds, machine 1 first (each runs in a time namespace of its own); null: one clock for
/// all.</param>
public sealed record LocalCloudRecord(string Prefix, string Subnet, int Hosts, int Cores, string? Id = null,
    IReadOnlyList<long>? ClockOffsets = null)
{
    /// <summary>
    /// Machine <paramref name="i"/>'s clock offset in seconds (1 is the first machine), 0 without offsets.
    /// </summary>
    public long ClockOffsetOf(int i) => ClockOffsets is { } offsets && i <= offsets.Count ? offsets[i - 1] : 0;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static LocalCloudRecord? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<LocalCloudRecord>(File.ReadAllText(path), Json) : null;

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
