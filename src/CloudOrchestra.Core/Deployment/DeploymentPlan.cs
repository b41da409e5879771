using System.Collections.Immutable;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Deployment;

/// <summary>
/// Everything a deployment does, as data: machines, links, synth launches, wiring and the ordered steps.
/// <c>orchestra up</c> executes it; generated scripts render it. Neither decides anything of its own.
/// </summary>
/// <param name="Id">The deployment's identity (<see cref="DeploymentPlanner.IdOf"/>): its directory on every machine
/// and its JACK server's name.</param>
/// <param name="Resources">The machines it was planned for: what <see cref="WithPorts"/> plans for again.</param>
/// <param name="Jack">Each machine's JACK settings, the listener's included.</param>
/// <param name="Ports">The UDP ports each machine's links, node and blocks take, in the order the plan took
/// them.</param>
/// <param name="Control">Every machine's node, the conductor and each block's OSC port.</param>
public sealed record DeploymentPlan(
    string Id,
    Orchestra Orchestra,
    Resources Resources,
    Placement Placement,
    ImmutableArray<MachinePlan> Machines,
    ImmutableArray<NetworkLink> Links,
    ImmutableArray<NetworkLink> ListenerLinks,
    ImmutableArray<SynthLaunch> Synths,
    ImmutableDictionary<string, ImmutableArray<Wire>> Wiring,
    ImmutableDictionary<string, JackSettings> Jack,
    ImmutableDictionary<string, ImmutableArray<int>> Ports,
    ImmutableArray<PlanStep> Steps,
    ControlPlan Control)
{
    /// <summary>
    /// The name of the machine whose role is <see cref="MachineRole.Listener"/>: no hosts file can name it.
    /// </summary>
    public const string Listener = "(listener)";

    /// <summary>What a machine of a deployment (of its plan, or of its recorded state) is for.</summary>
    public static MachineRole RoleOf(string machine) => machine == Listener ? MachineRole.Listener : MachineRole.Synths;

    /// <summary>
    /// How people call it: its orchestra directory's name (the Id adds a hash of the orchestra's path).
    /// </summary>
    public string Name => DeploymentPlanner.NameOf(Orchestra.Directory);

    /// <summary>The deployment's directory on a machine, relative to the user's home.</summary>
    public string RemoteDirectory => $".cloudorchestra/{Id}";

    public string JackServer => JackServerOf(Id);

    /// <summary>The JACK server a deployment runs on every machine: named after it, so that several coexist.</summary>
    public static string JackServerOf(string id) => $"co-{id}";

    /// <summary>Machines in step order, the listener last: it runs the conductor, and JACK when the orchestra has an
    /// ADC or DAC.</summary>
    public IEnumerable<string> AllMachines => Machines.Select(m => m.Name).Append(Listener);

    /// <summary>
    /// The JACK driver of the listener's server: dummy, or a sound card's; null when the orchestra sends it nothing.
    /// </summary>
    public string? ListenerDriver => Jack.GetValueOrDefault(Listener)?.Driver;

    /// <summary>
    /// Where a block runs, as its templates see it: machine, address, its OSC port and its node's port.
    /// </summary>
    public Templates.BlockPlace PlaceOf(string block)
    {
        var machine = Placement.HostOf[block];
        return new(machine, Resources.Find(machine)!.Address, Control.OscPorts.GetValueOrDefault(block),
            Control.Nodes[machine].Local);
    }

    /// <summary>The same deployment with its links on these ports (those reserved on each machine): planned again, so
    /// that every command, and nothing else, changes.</summary>
    public DeploymentPlan WithPorts(IReadOnlyDictionary<string, IReadOnlyList<int>> ports) =>
        DeploymentPlanner.Build(Orchestra, Resources, Placement, ports);
}
