using System.Text.Json;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// A deployment as <c>down</c> and <c>status</c> need it, written before anything starts: which machines it
/// touches, where its files are, and whether it finished coming up.
/// </summary>
/// <param name="Machines">The machines that may still run something of it: a <c>down</c> that could not reach some
/// leaves those.</param>
/// <param name="ListenerDriver">The listener's JACK driver: where <c>listen</c> says the orchestra is heard.</param>
/// <param name="LocalCloud">The local cloud its machines are part of, if they are; when that cloud is gone, so are
/// they.</param>
/// <param name="Ports">The UDP ports each machine reserved for its links: the next <c>up</c> of it asks for them
/// again.</param>
public sealed record DeploymentState(
    string Id,
    string OrchestraDirectory,
    string RemoteDirectory,
    string JackServer,
    IReadOnlyList<string> Machines,
    IReadOnlyDictionary<string, IReadOnlyList<Wire>> Wiring,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Processes,
    IReadOnlyList<string> ListenerPorts,
    DateTimeOffset StartedAt,
    bool Up,
    string? ListenerDriver = null,
    LocalCloudOf? LocalCloud = null,
    IReadOnlyDictionary<string, IReadOnlyList<int>>? Ports = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The state at <paramref name="path"/>; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is there but is no deployment's state.</exception>
    public static DeploymentState? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DeploymentState>(File.ReadAllText(path), Json)
                ?? throw new JsonException("it holds null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' should record a deployment, but cannot be read ({e.Message}); "
                + "if nothing of it runs any more, remove its directory");
        }
    }

    /// <summary>
    /// Written beside, then renamed over the old one: a full disk or a kill leaves the old state, never half of one.
    /// </summary>
    public void Write(string path)
    {
        var next = $"{path}.{Environment.ProcessId}.next";
        try
        {
            File.WriteAllText(next, JsonSerializer.Serialize(this, Json));
            File.Move(next, path, overwrite: true);
        }
        finally
        {
            File.Delete(next);
        }
    }
}

/// <summary>
/// A local cloud, as a deployment on it remembers it: the cloud's prefix and the identity of that making of it.
/// </summary>
public sealed record LocalCloudOf(string Prefix, string Id);
