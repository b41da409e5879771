namespace CloudOrchestra.Model;

/// <summary>
/// Where the conductor (the listener's node) takes OSC from any program: the hosts file's
/// <c>"listener": {"osc": {"port": 57200, "address": "127.0.0.1", "allow": ["192.168.1.0/24"]}}</c>. Beyond
/// loopback only with <paramref name="Allow"/>: the networks whose programs may play the orchestra.
/// </summary>
public sealed record ConductorSettings(int Port, string Address, IReadOnlyList<System.Net.IPNetwork> Allow)
{
    public const int DefaultPort = 57200;

    public static readonly ConductorSettings Default = new(DefaultPort, "127.0.0.1", []);

    /// <summary>
    /// An item of <c>"allow"</c>: a network ("192.168.1.0/24"), or one address, a network of its own.
    /// </summary>
    public static System.Net.IPNetwork? NetworkOf(string text) =>
        System.Net.IPNetwork.TryParse(text, out var network) ? network
        : System.Net.IPAddress.TryParse(text, out var one) && !text.Contains('%')
            ? new System.Net.IPNetwork(one, one.GetAddressBytes().Length * 8)
            : null;
}
