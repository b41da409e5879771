using System.Net;

namespace CloudOrchestra.Node.Config;

/// <summary>
/// The node's command line, which the plan writes (<c>NodeLaunch</c> in CloudOrchestra.Core):
/// <code>
/// orchestra-node serve   --config FILE --secret FILE --peer-port N --local-port N
/// orchestra-node conduct --config FILE --secret FILE --osc-port N [--osc-address A] [--allow NET]...
///                        [--peer MACHINE=PORT]...
/// </code>
/// </summary>
public sealed record NodeArguments(bool Conducts, string Config, string Secret, int PeerPort, int LocalPort,
    int OscPort, IPAddress OscAddress, IReadOnlyList<AllowedNetwork> Allowed, IReadOnlyDictionary<string, int> Peers)
{
    public static NodeArguments? TryParse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        if (args.Count == 0 || args[0] is not ("serve" or "conduct"))
        {
            error = "usage: orchestra-node serve|conduct --config FILE --secret FILE ... (docs/node-protocol.md)";
            return null;
        }
        var parsed = new NodeArguments(args[0] == "conduct", "", "", 0, 0, 0, IPAddress.Loopback, [],
            new Dictionary<string, int>());
        var allowed = new List<AllowedNetwork>();
        var peers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i += 2)
        {
            var (option, value) = (args[i], i + 1 < args.Count ? args[i + 1] : null);
            if (value is null)
            {
                error = $"{option}: no value";
                return null;
            }
            int? port = int.TryParse(value, out var p) && p is > 0 and < 65536 ? p : null;
            switch (option)
            {
                case "--config": parsed = parsed with { Config = value }; break;
                case "--secret": parsed = parsed with { Secret = value }; break;
                case "--peer-port" when port is not null: parsed = parsed with { PeerPort = port.Value }; break;
                case "--local-port" when port is not null: parsed = parsed with { LocalPort = port.Value }; break;
                case "--osc-port" when port is not null: parsed = parsed with { OscPort = port.Value }; break;
                case "--osc-address" when IPAddress.TryParse(value, out var address):
                    parsed = parsed with { OscAddress = address };
                    break;
                case "--allow" when AllowedNetwork.TryParse(value) is { } network: allowed.Add(network); break;
                case "--peer" when value.Split('=') is [{ Length: > 0 } machine, var text]
                    && int.TryParse(text, out var peerPort) && peerPort is > 0 and < 65536:
                    peers[machine] = peerPort;
                    break;
                default:
                    error = $"{option} {value}: not an option of orchestra-node {args[0]}, or not a value it takes";
                    return null;
            }
        }
        parsed = parsed with { Allowed = allowed, Peers = peers };
        error = parsed switch
        {
            { Config: "" } => "--config: which file?",
            { Secret: "" } => "--secret: which file?",
            { Conducts: true, OscPort: 0 } => "--osc-port: which port?",
            { Conducts: false, PeerPort: 0 } => "--peer-port: which port?",
            { Conducts: false, LocalPort: 0 } => "--local-port: which port?",
            { Conducts: true, Allowed.Count: 0 } when !IPAddress.IsLoopback(parsed.OscAddress) =>
                $"--osc-address {parsed.OscAddress}: beyond loopback only with --allow "
                    + $"(the networks it takes OSC from)",
            _ => null,
        };
        return error is null ? parsed : null;
    }
}
