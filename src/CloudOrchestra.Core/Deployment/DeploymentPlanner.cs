using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CloudOrchestra.Deployment.Engines;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Deployment;

/// <summary>
/// Turns a placement into a <see cref="DeploymentPlan"/>: links and their ports, synth launches, wiring, steps.
/// </summary>
public static partial class DeploymentPlanner
{
    /// <summary>JackTrip's default port; each machine's links take the next free ones from here.</summary>
    public const int FirstPort = 4464;

    /// <summary>The ports a machine's node asks for first: its peers' port, and its synths' the next.</summary>
    public const int FirstNodePort = 57300;

    private static readonly IReadOnlyDictionary<string, ISynthEngine> Engines =
        new ISynthEngine[]
        {
            new CsoundEngine(), new PdEngine(), new CommandEngine(), new SuperColliderEngine(), new ChuckEngine(),
        }.ToDictionary(e => e.Name);

    /// <param name="ports">The UDP ports each machine's links take, in the order the plan takes them (a machine's
    /// <see cref="DeploymentPlan.Ports"/>): the ones reserved there at <c>up</c>. A machine not given, or given too
    /// few, takes the next from <see cref="FirstPort"/>.</param>
    public static DeploymentPlan Build(Orchestra orchestra, Resources resources, Placement placement,
        IReadOnlyDictionary<string, IReadOnlyList<int>>? ports = null)
    {
        var hostOf = placement.HostOf;
        var machines = resources.Hosts.Where(h => hostOf.Values.Contains(h.Name))
            .Select(h => new MachinePlan(h,
                [.. orchestra.Blocks.Where(b => hostOf[b.Name] == h.Name).Select(b => b.Name)],
                [.. orchestra.Blocks.Where(b => hostOf[b.Name] == h.Name && !b.Module.IsBuiltIn).Select(b => b.Module)
                    .DistinctBy(m => m.Name)]))
            .ToImmutableArray();
        var taken = new Dictionary<string, List<int>>();
        int NextPort(string machine, int? preferred = null)
        {
            var mine = taken.TryGetValue(machine, out var l) ? l : taken[machine] = [];
            var given = ports?.GetValueOrDefault(machine);
            mine.Add(given is not null && mine.Count < given.Count
                ? given[mine.Count]
                : preferred ?? FirstPort + mine.Count);
            return mine[^1];
        }
        string AddressOf(string machine) => resources.Find(machine)!.Address;

        var links = orchestra.Connections
            .Select((c, i) => (Connection: c, Number: i + 1))
            .Where(x => hostOf[x.Connection.Source] != hostOf[x.Connection.Sink])
            .Select(x => new NetworkLink($"link{x.Number}", x.Connection, x.Connection.Channels,
                hostOf[x.Connection.Sink], AddressOf(hostOf[x.Connection.Sink]), NextPort(hostOf[x.Connection.Sink]),
                hostOf[x.Connection.Source], NextPort(hostOf[x.Connection.Source])))
            .ToImmutableArray();
        var listenerLinks = orchestra.Blocks.Where(b => b.Module.IsBuiltIn)
            .Select((b, i) => new NetworkLink(ListenerLinkName(b.Name, i + 1), null,
                Math.Max(b.Module.Inputs, b.Module.Outputs), hostOf[b.Name], AddressOf(hostOf[b.Name]),
                NextPort(hostOf[b.Name]), DeploymentPlan.Listener, NextPort(DeploymentPlan.Listener), b))
            .ToImmutableArray();
        var listenerLinkOf = listenerLinks.ToDictionary(l => l.ListenerBlock!.Name);
        var control = ControlOf(orchestra, resources, machines, hostOf, NextPort);

        var id = IdOf(orchestra.Directory);
        var jackServer = DeploymentPlan.JackServerOf(id);
        var synths = orchestra.Blocks.Select((b, i) => (Block: b, Index: i)).Where(x => !x.Block.Module.IsBuiltIn)
            .Select(x => Engines[x.Block.Module.Engine].Launch(x.Block,
                new LaunchContext(Templates.ModuleTemplates.DirectoryOf(x.Block),
                    resources.Find(hostOf[x.Block.Name])!.Jack, jackServer,
                    control.OscPorts[x.Block.Name], control.Nodes[hostOf[x.Block.Name]].Local)))
            .ToImmutableArray();

        // Each engine names its ports; the plan wires what the engine says it registers.
        var launchOf = synths.ToDictionary(s => s.Block);
        JackPort Output(Block block, int port) =>
            block.Module.IsBuiltIn ? listenerLinkOf[block.Name].Receive(port) : launchOf[block.Name].Outputs[port - 1];
        JackPort Input(Block block, int port) =>
            block.Module.IsBuiltIn ? listenerLinkOf[block.Name].Send(port) : launchOf[block.Name].Inputs[port - 1];

        var wiring = new Dictionary<string, List<Wire>>();
        void Add(string machine, JackPort from, JackPort to) =>
            (wiring.TryGetValue(machine, out var l) ? l : wiring[machine] = []).Add(new Wire(from, to));
        foreach (var c in orchestra.Connections)
        {
            var (source, sink) = (orchestra.Find(c.Source)!, orchestra.Find(c.Sink)!);
            var link = links.FirstOrDefault(l => l.Connection == c);
            for (var ch = 0; ch < c.Channels; ch++)
            {
                if (link is null)
                {
                    Add(hostOf[c.Source], Output(source, c.SourcePort + ch), Input(sink, c.SinkPort + ch));
                    continue;
                }
                Add(link.ClientMachine, Output(source, c.SourcePort + ch), link.Send(ch + 1));
                Add(link.ServerMachine, link.Receive(ch + 1), Input(sink, c.SinkPort + ch));
            }
        }
        foreach (var link in listenerLinks)
        {
            for (var ch = 1; ch <= link.Channels; ch++)
            {
                var system = (ch - 1) % 2 + 1; // the listener's JACK has two system ports each way
                if (link.IsHeard)
                    Add(DeploymentPlan.Listener, link.Receive(ch), new JackPort("system", $"playback_{system}"));
                else Add(DeploymentPlan.Listener, new JackPort("system", $"capture_{system}"), link.Send(ch));
            }
        }

        var frozenWiring = wiring.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray());
        var jack = JackOf(machines, listenerLinks, resources.ListenerJack);
        var frozenPorts = taken.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray());
        var steps = Steps(machines, links, listenerLinks, synths, frozenWiring, hostOf, jack, frozenPorts, control);
        return new DeploymentPlan(id, orchestra, resources, placement, machines, links, listenerLinks, synths,
            frozenWiring, jack, frozenPorts, steps, control);
    }

    /// <summary>
    /// The node ports of every machine (after its links' ports), each block's OSC port, the conductor's.
    /// </summary>
    private static ControlPlan ControlOf(Orchestra orchestra, Resources resources, ImmutableArray<MachinePlan> machines,
        IReadOnlyDictionary<string, string> hostOf, Func<string, int?, int> nextPort)
    {
        var nodes = machines.ToImmutableDictionary(m => m.Name,
            m => new NodePorts(nextPort(m.Name, FirstNodePort), nextPort(m.Name, FirstNodePort + 1)));
        var oscPorts = orchestra.Blocks.Select((b, i) => (Block: b, Index: i)).Where(x => !x.Block.Module.IsBuiltIn)
            .ToImmutableDictionary(x => x.Block.Name,
                x => nextPort(hostOf[x.Block.Name], Templates.ModuleTemplates.FirstOscPort + x.Index));
        var conductor = resources.ConductorOrDefault;
        return new ControlPlan(nodes, nextPort(DeploymentPlan.Listener, conductor.Port), conductor, oscPorts);
    }

    /// <summary>
    /// Each machine's JACK settings, the listener's too. JackTrip needs both ends at one rate and period: the listener
    /// takes the machines', and its own sound card.
    /// </summary>
    private static ImmutableDictionary<string, JackSettings> JackOf(ImmutableArray<MachinePlan> machines,
        ImmutableArray<NetworkLink> listenerLinks, JackSettings? listenerDriver)
    {
        var jack = machines.ToImmutableDictionary(m => m.Name, m => m.Host.Jack);
        if (listenerLinks.IsEmpty) return jack;
        var machinesJack = machines.Select(m => m.Host.Jack).FirstOrDefault() ?? JackSettings.Default;
        return jack.Add(DeploymentPlan.Listener,
            machinesJack with { Driver = listenerDriver?.Driver ?? "dummy", Device = listenerDriver?.Device });
    }

    private static ImmutableArray<PlanStep> Steps(
        ImmutableArray<MachinePlan> machines, ImmutableArray<NetworkLink> links,
        ImmutableArray<NetworkLink> listenerLinks, ImmutableArray<SynthLaunch> synths,
        ImmutableDictionary<string, ImmutableArray<Wire>> wiring, IReadOnlyDictionary<string, string> hostOf,
        ImmutableDictionary<string, JackSettings> jack, ImmutableDictionary<string, ImmutableArray<int>> ports,
        ControlPlan control)
    {
        var allLinks = links.AddRange(listenerLinks);
        // Every machine runs a node, the listener its conductor; only those with links or synths run JACK.
        var everyMachine = machines.Select(m => m.Name).Append(DeploymentPlan.Listener).ToList();
        var jackMachines = machines.Select(m => m.Name)
            .Concat(listenerLinks.IsEmpty ? [] : [DeploymentPlan.Listener]).ToList();
        MachineCall Connect(string machine) => new ConnectPorts(machine, wiring[machine]);
        // Processes start without waiting; then one call per machine waits for all their ports at once.
        IEnumerable<MachineCall> WaitForPorts(
            IEnumerable<(string Machine, string Process, IEnumerable<JackPort> Ports)> owners) =>
            owners.GroupBy(o => o.Machine)
                .Select(g => new WaitForPorts(g.Key, [.. g.Select(o => new PortsOf(o.Process, [.. o.Ports]))]));

        // Every synth learns its OSC port and its node's from its environment.
        StartProcess Start(SynthLaunch s) =>
            new(hostOf[s.Block], s.Block, ["env", .. control.EnvironmentOf(s.Block, hostOf[s.Block]), .. s.Command],
                s.Block, s.WorkingDirectory, s.AgentNamesJackClient);

        return
        [
            new(StepKind.Sync, [.. everyMachine.Select(m => new SyncFiles(m))]),
            new(StepKind.ReservePorts,
                [.. everyMachine.Where(ports.ContainsKey).Select(m => new ReservePorts(m, ports[m]))]),
            new(StepKind.Jack,
                [.. jackMachines.Select(m => new StartJack(m, jack[m], PortTableSize(m, allLinks, synths, hostOf)))]),
            new(StepKind.Nodes, [.. everyMachine.SelectMany(m => new MachineCall[]
            {
                new RequirePlatform(m, ControlPlan.System, ControlPlan.Arch),
                new StartProcess(m, ControlPlan.ProcessName, control.CommandOf(m)),
                new WaitForLog(m, ControlPlan.ProcessName, DeploymentPlan.RoleOf(m) == MachineRole.Listener
                    ? ControlPlan.ConductingLogText : ControlPlan.ServingLogText),
            })]),
            new(StepKind.LinkServers,
                [.. allLinks.Select(l => new StartProcess(l.ServerMachine, l.Name, l.ServerCommand))]),
            new(StepKind.LinkClients,
                [.. allLinks.Select(l => new StartProcess(l.ClientMachine, l.Name, l.ClientCommand))]),
            // Every link is connected and has its ports before any synth starts: Csound lists JACK's ports as it
            // starts, and crashed when JackTrip's appeared meanwhile.
            new(StepKind.LinksConnected, [
                .. allLinks.Select(l => new WaitForLog(l.ServerMachine, l.Name, NetworkLink.ConnectedLogText)),
                .. WaitForPorts(allLinks.SelectMany(l =>
                    new[] { (l.ServerMachine, l.Name, l.Ports), (l.ClientMachine, l.Name, l.Ports) }))]),
            // Synths that list JACK's ports as they start come last on their machine, one at a time: no port appears
            // while one lists them (SynthLaunch.ListedPortsLogText).
            new(StepKind.Synths, [
                .. synths.Where(s => s.ListedPortsLogText is null).Select(Start),
                .. WaitForPorts(synths.Where(s => s.ListedPortsLogText is null)
                    .Select(s => (hostOf[s.Block], s.Block, (IEnumerable<JackPort>)s.Ports))),
                .. synths.Where(s => s.ListedPortsLogText is not null).SelectMany(s => (IEnumerable<MachineCall>)
                [
                    Start(s), .. WaitForPorts([(hostOf[s.Block], s.Block, s.Ports)]),
                    new WaitForLog(hostOf[s.Block], s.Block, s.ListedPortsLogText!),
                ]),
                .. synths.SelectMany(s => (s.OnceReady ?? []).Select((command, i) =>
                    new RunToEnd(hostOf[s.Block], $"{s.Block}-ready{i + 1}", s.WorkingDirectory, command, s.Block)))]),
            new(StepKind.Disconnect, [.. jackMachines.Select(m => new DisconnectAll(m))]),
            new(StepKind.Connect, [.. machines.Where(m => wiring.ContainsKey(m.Name)).Select(m => Connect(m.Name))]),
            new(StepKind.Export, wiring.ContainsKey(DeploymentPlan.Listener) ? [Connect(DeploymentPlan.Listener)] : []),
            new(StepKind.Verify, [.. Started(everyMachine, allLinks, synths, hostOf)
                .Select(m => new CheckRunning(m.Machine,
                    [.. jackMachines.Contains(m.Machine) ? [AgentWords.JackProcess] : Array.Empty<string>(),
                        ControlPlan.ProcessName, .. m.Names]))]),
        ];
    }

    /// <summary>The processes each machine runs once up: its link ends and its synths.</summary>
    private static IEnumerable<(string Machine, IReadOnlyList<string> Names)> Started(
        IEnumerable<string> machines, ImmutableArray<NetworkLink> links, ImmutableArray<SynthLaunch> synths,
        IReadOnlyDictionary<string, string> hostOf) =>
        machines.Select(m => (m, (IReadOnlyList<string>)[
            .. links.Where(l => l.ServerMachine == m || l.ClientMachine == m).Select(l => l.Name),
            .. synths.Where(s => hostOf[s.Block] == m).Select(s => s.Block)]));

    /// <summary>
    /// Room in a machine's JACK server for its planned ports, four times over and at least 256 (a sound card's
    /// own, and tools such as jack_rec, need some too). JACK's default, 2048, costs each server about 130 MB of
    /// shared memory that it fills at start; most machines of an orchestra need a few dozen ports.
    /// </summary>
    private static int PortTableSize(string machine, ImmutableArray<NetworkLink> links,
        ImmutableArray<SynthLaunch> synths, IReadOnlyDictionary<string, string> hostOf)
    {
        var planned = links.Where(l => l.ServerMachine == machine || l.ClientMachine == machine)
            .Sum(l => 2 * l.Channels)
            + synths.Where(s => hostOf[s.Block] == machine).Sum(s => s.Ports.Count);
        return Math.Max(256,
            (int)Math.Min(65536, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(4 * planned))));
    }

    private static string ListenerLinkName(string block, int number) =>
        $"listen-{block}".Length <= 63 ? $"listen-{block}" : $"listen{number}";

    /// <summary>
    /// A deployment's identity: its orchestra's name (<see cref="NameOf"/>) and a hash of the orchestra's whole path,
    /// so that two orchestras of one name in different places are two deployments. Safe as a file, directory and JACK
    /// server name.
    /// </summary>
    public static string IdOf(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var hash = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)));
        return $"{NameOf(full)}-{hash[..8]}";
    }

    /// <summary>
    /// A deployment's readable name: its orchestra directory's name, made safe as a word of a file name and a script.
    /// </summary>
    public static string NameOf(string directory)
    {
        var name = Unsafe().Replace(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), "-");
        if (name.Length == 0 || !char.IsAsciiLetter(name[0])) name = "o" + name;
        return name.Length > 31 ? name[..31] : name;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Unsafe();
}
