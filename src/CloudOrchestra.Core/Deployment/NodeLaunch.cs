using System.Collections.Immutable;
using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment;

/// <summary>
/// A machine node's two UDP ports: its peers' (the conductor connects there) and its synths' (127.0.0.1).
/// </summary>
public sealed record NodePorts(int Peer, int Local);

/// <summary>
/// The live layer's share of a plan: every machine's node (orchestra-node, docs/node-protocol.md), the conductor on the
/// listener, and the OSC port each block takes its messages on. Each port is one the machine reserved.
/// </summary>
/// <param name="Nodes">Each machine's node ports, by machine (the listener's is not among them).</param>
/// <param name="ConductorPort">The conductor's OSC port on the listener.</param>
/// <param name="OscPorts">Each block's OSC port, on its machine, by block.</param>
public sealed record ControlPlan(ImmutableDictionary<string, NodePorts> Nodes, int ConductorPort,
    ConductorSettings Conductor, ImmutableDictionary<string, int> OscPorts)
{
    /// <summary>The node's name as a recorded process on every machine, and its program's file there.</summary>
    public const string ProcessName = "orchestra-node";

    /// <summary>
    /// The kind of machine the node is built for (NativeAOT, linux-x64), as <c>uname -s</c> and <c>-m</c> say it.
    /// </summary>
    public const string System = "Linux";
    public const string Arch = "x86_64";

    public const string ConfigFile = "node.json";
    public const string SecretFile = "node.secret";

    /// <summary>
    /// What a machine's node logs once it listens; what the conductor logs once every machine is connected.
    /// </summary>
    public const string ServingLogText = "orchestra-node: serving ";
    public const string ConductingLogText = "orchestra-node: every machine is connected";

    /// <summary>
    /// The node's command line on a machine, the listener's included (<c>NodeArguments</c> reads it).
    /// </summary>
    public IReadOnlyList<string> CommandOf(string machine)
    {
        string[] common = [$"./{ProcessName}", "", "--config", ConfigFile, "--secret", SecretFile];
        if (DeploymentPlan.RoleOf(machine) == MachineRole.Synths)
        {
            common[1] = "serve";
            return [.. common, "--peer-port", $"{Nodes[machine].Peer}", "--local-port", $"{Nodes[machine].Local}"];
        }
        common[1] = "conduct";
        return [.. common, "--osc-port", $"{ConductorPort}", "--osc-address", Conductor.Address,
            .. Conductor.Allow.SelectMany(a => new[] { "--allow", $"{a}" }),
            .. Nodes.OrderBy(n => n.Key, StringComparer.Ordinal)
                .SelectMany(n => new[] { "--peer", $"{n.Key}={n.Value.Peer}" })];
    }

    /// <summary>
    /// What every program of a block's machine learns from its environment: its OSC port and its node's.
    /// </summary>
    public IReadOnlyList<string> EnvironmentOf(string block, string machine) =>
        [$"ORCHESTRA_OSC_PORT={OscPorts[block]}", $"ORCHESTRA_NODE_PORT={Nodes[machine].Local}"];
}
