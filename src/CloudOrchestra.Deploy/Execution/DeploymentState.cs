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
/// <param name="Conductor">Where the conductor takes OSC on this computer (<c>orchestra send</c>, any OSC
/// program).</param>
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
    IReadOnlyDictionary<string, IReadOnlyList<int>>? Ports = null,
    ConductorAt? Conductor = null)
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

/// <summary>The conductor's OSC port, and the address it listens on.</summary>
public sealed record ConductorAt(string Address, int Port)
{
    /// <summary>
    /// Where a program on this computer reaches it: its address, or loopback when it listens on every one.
    /// </summary>
    public System.Net.IPEndPoint Local() =>
        new(System.Net.IPAddress.Parse(Address) is var ip
            && (ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any))
            ? System.Net.IPAddress.Loopback : ip, Port);
}

/// <summary>
/// A local cloud, as a deployment on it remembers it: the cloud's prefix and the identity of that making of it.
/// </summary>
public sealed record LocalCloudOf(string Prefix, string Id);
