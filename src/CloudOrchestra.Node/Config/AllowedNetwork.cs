using System.Net;

namespace CloudOrchestra.Node.Config;

/// <summary>
/// A network the conductor takes OSC from beyond loopback (<c>--allow 192.168.1.0/24</c>), in the form the plan writes:
/// the hosts file's items are read once, in CloudOrchestra.Core (<c>ConductorSettings.NetworkOf</c>).
/// </summary>
public sealed record AllowedNetwork(IPNetwork Network)
{
    public bool Contains(IPAddress address) =>
        Network.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    public static AllowedNetwork? TryParse(string text) =>
        IPNetwork.TryParse(text, out var network) ? new AllowedNetwork(network) : null;
}
