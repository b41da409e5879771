using System.Text.Json;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// A deployment as <c>down</c> and <c>status</c> need it, written before anything starts: which machines it
/// touches, where its files are, and whether it finished coming up.
/// </summary>
/// <param name="ListenerDriver">The listener's JACK driver: where <c>listen</c> says the orchestra is heard.</param>
public sealed record DeploymentState(
    string Id,
    string OrchestraDirectory,
    string RemoteDirectory,
    string JackServer,
    IReadOnlyList<string> Machines,
    IReadOnlyDictionary<string, IReadOnlyList<string[]>> Wiring,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Processes,
    IReadOnlyList<string> ListenerPorts,
    DateTimeOffset StartedAt,
    bool Up,
    string? ListenerDriver = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static DeploymentState? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<DeploymentState>(File.ReadAllText(path), Json) : null;

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
