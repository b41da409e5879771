using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CloudOrchestra.Deployment.Engines;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Deployment;

/// <summary>Turns a placement into a <see cref="DeploymentPlan"/>: links and their ports, synth launches, wiring, steps.</summary>
public static partial class DeploymentPlanner
{
    /// <summary>JackTrip's default port; each machine's links take the next free ones from here.</summary>
    public const int FirstPort = 4464;

    private static readonly IReadOnlyDictionary<string, ISynthEngine> Engines =
        new ISynthEngine[] { new CsoundEngine() }.ToDictionary(e => e.Name);

    /// <summary>Blocks whose engine deployment cannot start yet, as messages naming block and engine.</summary>
    public static IEnumerable<(Block Block, string Message)> Unsupported(Orchestra orchestra) =>
        orchestra.Blocks.Where(b => !b.Module.IsBuiltIn && !Engines.ContainsKey(b.Module.Engine))
            .Select(b => (b, $"block '{b.Name}': module '{b.Module.Name}' uses the {b.Module.Engine} engine, which 'orchestra up' cannot start yet (csound can)"));

    public static DeploymentPlan Build(Orchestra orchestra, Resources resources, Placement placement)
    {
        var hostOf = placement.HostOf;
        var machines = resources.Hosts.Where(h => hostOf.Values.Contains(h.Name))
            .Select(h => new MachinePlan(h,
                [.. orchestra.Blocks.Where(b => hostOf[b.Name] == h.Name).Select(b => b.Name)],
                [.. orchestra.Blocks.Where(b => hostOf[b.Name] == h.Name && !b.Module.IsBuiltIn).Select(b => b.Module).DistinctBy(m => m.Name)]))
            .ToImmutableArray();
        var ports = new Dictionary<string, int>();
        int NextPort(string machine) => ports[machine] = ports.GetValueOrDefault(machine, FirstPort - 1) + 1;
        string AddressOf(string machine) => resources.Find(machine)!.Address;

        var links = orchestra.Connections
            .Select((c, i) => (Connection: c, Number: i + 1))
            .Where(x => hostOf[x.Connection.Source] != hostOf[x.Connection.Sink])
            .Select(x => new NetworkLink($"link{x.Number}", x.Connection, x.Connection.Channels,
                hostOf[x.Connection.Sink], AddressOf(hostOf[x.Connection.Sink]), NextPort(hostOf[x.Connection.Sink]),
                hostOf[x.Connection.Source], NextPort(hostOf[x.Connection.Source])))
            .ToImmutableArray();
        var listenerLinks = orchestra.Blocks.Where(b => b.Module.IsBuiltIn)
            .Select((b, i) => new NetworkLink(ListenerLinkName(b.Name, i + 1), null, Math.Max(b.Module.Inputs, b.Module.Outputs),
                hostOf[b.Name], AddressOf(hostOf[b.Name]), NextPort(hostOf[b.Name]), DeploymentPlan.Listener, NextPort(DeploymentPlan.Listener), b))
            .ToImmutableArray();
        var listenerLinkOf = listenerLinks.ToDictionary(l => l.ListenerBlock!.Name);

        var synths = orchestra.Blocks.Where(b => !b.Module.IsBuiltIn)
            .Select(b => Engines[b.Module.Engine].Launch(b, $"modules/{b.Module.Name}", resources.Find(hostOf[b.Name])!.Jack))
            .ToImmutableArray();

        JackPort Output(Block block, int port) =>
            block.Module.IsBuiltIn ? listenerLinkOf[block.Name].Receive(port) : new JackPort(block.Name, $"output{port}");
        JackPort Input(Block block, int port) =>
            block.Module.IsBuiltIn ? listenerLinkOf[block.Name].Send(port) : new JackPort(block.Name, $"input{port}");

        var wiring = new Dictionary<string, List<Wire>>();
        void Add(string machine, JackPort from, JackPort to) => (wiring.TryGetValue(machine, out var l) ? l : wiring[machine] = []).Add(new Wire(from, to));
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
                if (link.IsHeard) Add(DeploymentPlan.Listener, link.Receive(ch), new JackPort("system", $"playback_{system}"));
                else Add(DeploymentPlan.Listener, new JackPort("system", $"capture_{system}"), link.Send(ch));
            }
        }

        var id = IdOf(orchestra.Directory);
        var frozenWiring = wiring.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray());
        var steps = Steps(machines, links, listenerLinks, synths, frozenWiring, hostOf);
        return new DeploymentPlan(id, orchestra, placement, machines, links, listenerLinks, synths, frozenWiring, steps);
    }

    private static ImmutableArray<PlanStep> Steps(
        ImmutableArray<MachinePlan> machines, ImmutableArray<NetworkLink> links, ImmutableArray<NetworkLink> listenerLinks,
        ImmutableArray<SynthLaunch> synths, ImmutableDictionary<string, ImmutableArray<Wire>> wiring,
        IReadOnlyDictionary<string, string> hostOf)
    {
        var allLinks = links.AddRange(listenerLinks);
        var listenerJack = machines.Select(m => m.Host.Jack).FirstOrDefault() ?? JackSettings.Default;
        var jackOf = machines.ToDictionary(m => m.Name, m => m.Host.Jack);
        jackOf[DeploymentPlan.Listener] = listenerJack with { Driver = "dummy", Device = null };
        var everyMachine = machines.Select(m => m.Name).Concat(listenerLinks.IsEmpty ? [] : [DeploymentPlan.Listener]).ToList();

        IReadOnlyList<string> Jackd(JackSettings j) =>
            ["jackd", "jackd", j.Driver, $"{j.SampleRate}", $"{j.Period}", .. j.Device is null ? Array.Empty<string>() : [j.Device]];
        AgentCall Connect(string machine) =>
            new(machine, ["connect", .. wiring[machine].SelectMany(w => new[] { w.From.ToString(), w.To.ToString() })]);
        IEnumerable<AgentCall> StartAndWait(string machine, string name, IReadOnlyList<string> command, IEnumerable<JackPort> ports, string? block = null, string? cd = null) =>
        [
            new(machine, ["start", name, .. cd is null ? Array.Empty<string>() : ["--cd", cd], "--", .. command], block),
            new(machine, ["wait-ports", name, .. ports.Select(p => p.ToString())], block),
        ];

        return
        [
            new(StepKind.Sync, []),
            new(StepKind.Jack, [.. everyMachine.Select(m => new AgentCall(m, Jackd(jackOf[m])))]),
            new(StepKind.LinkServers, [.. allLinks.SelectMany(l => StartAndWait(l.ServerMachine, l.Name, l.ServerCommand, l.Ports))]),
            new(StepKind.LinkClients, [.. allLinks.SelectMany(l => StartAndWait(l.ClientMachine, l.Name, l.ClientCommand, l.Ports))]),
            new(StepKind.LinksConnected, [.. allLinks.Select(l => new AgentCall(l.ServerMachine, ["wait-log", l.Name, NetworkLink.ConnectedLogText]))]),
            new(StepKind.Synths, [.. synths.SelectMany(s => StartAndWait(hostOf[s.Block], s.Block, s.Command, s.Ports, s.Block, s.WorkingDirectory))]),
            new(StepKind.Disconnect, [.. everyMachine.Select(m => new AgentCall(m, ["disconnect-all"]))]),
            new(StepKind.Connect, [.. machines.Where(m => wiring.ContainsKey(m.Name)).Select(m => Connect(m.Name))]),
            new(StepKind.Export, wiring.ContainsKey(DeploymentPlan.Listener) ? [Connect(DeploymentPlan.Listener)] : []),
            new(StepKind.Verify, [.. Started(everyMachine, allLinks, synths, hostOf)
                .Select(m => new AgentCall(m.Machine, ["check", "jackd", .. m.Names]))]),
        ];
    }

    /// <summary>The processes each machine runs once up: its link ends and its synths.</summary>
    private static IEnumerable<(string Machine, IReadOnlyList<string> Names)> Started(
        IEnumerable<string> machines, ImmutableArray<NetworkLink> links, ImmutableArray<SynthLaunch> synths, IReadOnlyDictionary<string, string> hostOf) =>
        machines.Select(m => (m, (IReadOnlyList<string>)[
            .. links.Where(l => l.ServerMachine == m || l.ClientMachine == m).Select(l => l.Name),
            .. synths.Where(s => hostOf[s.Block] == m).Select(s => s.Block)]));

    private static string ListenerLinkName(string block, int number) =>
        $"listen-{block}".Length <= 63 ? $"listen-{block}" : $"listen{number}";

    /// <summary>A deployment's name from its orchestra's directory name, made safe as a file and JACK server name.</summary>
    public static string IdOf(string directory)
    {
        var name = Unsafe().Replace(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), "-");
        if (name.Length == 0 || !char.IsAsciiLetter(name[0])) name = "o" + name;
        return name.Length > 40 ? name[..40] : name;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Unsafe();
}
