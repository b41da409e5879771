using System.Globalization;

namespace CloudOrchestra.Deployment;

/// <summary>
/// The agent's command lines: each call rendered to the words <c>orchestra-agent</c> takes (docs/agent-protocol.md),
/// and several calls to one machine as one <c>batch</c>. The only place that writes them; nothing reads them back.
/// </summary>
public static class AgentWords
{
    /// <summary>The name the agent records a deployment's JACK server under, among its processes.</summary>
    public const string JackProcess = "jackd";

    public static IReadOnlyList<string> Of(AgentCall call) => call switch
    {
        StartJack j => [JackProcess, JackProcess, j.Jack.Driver, Number(j.Jack.SampleRate), Number(j.Jack.Period),
            Number(j.PortTableSize), .. j.Jack.Device is null ? Array.Empty<string>() : [j.Jack.Device]],
        ReservePorts r =>
            ["reserve-ports", .. r.Exact ? ["--exact"] : Array.Empty<string>(), .. r.Ports.Select(Number)],
        StartProcess s => ["start", s.Name,
            .. s.WorkingDirectory is null ? Array.Empty<string>() : ["--cd", s.WorkingDirectory],
            .. s.NamesJackClient ? ["--jack-client", s.Name] : Array.Empty<string>(), "--", .. s.Command],
        // One call waits for all of a machine's ports at once: every JACK client that checks costs the server a copy of
        // its graph.
        WaitForPorts w => ["wait-ports", .. w.Owners.SelectMany((o, i) =>
            (i == 0 ? [o.Process] : new[] { "--of", o.Process }).Concat(o.Ports.Select(p => p.ToString())))],
        WaitForLog w => ["wait-log", w.Process, w.Text],
        RequirePlatform p => ["platform", p.System, p.Arch],
        RunToEnd r => ["run", r.Name, "--cd", r.WorkingDirectory, "--", .. r.Command],
        DisconnectAll => ["disconnect-all"],
        ConnectPorts c => ["connect", .. Ends(c.Wires)],
        CheckRunning c => ["check", .. c.Processes],
        ReportStatus => ["status"],
        ReportWiring w => ["wired", .. Ends(w.Wires)],
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, "no agent verb renders this call"),
    };

    /// <summary>The agent's arguments for several calls in one go: the one call as it is, or a <c>batch</c> of them
    /// (each call's word count, then its words), so that a machine costs one round trip.</summary>
    public static IReadOnlyList<string> Of(IReadOnlyList<AgentCall> calls) =>
        calls.Count == 1 ? calls[0].Args : ["batch", .. calls.SelectMany(c => c.Args.Prepend(Number(c.Args.Count)))];

    /// <summary>
    /// Asking a machine how its deployment is: its processes' states, then each planned connection. One round trip.
    /// <c>orchestra status</c> and the generated status.sh both ask this.
    /// </summary>
    public static IReadOnlyList<AgentCall> Status(string machine, IReadOnlyList<Wire> planned) =>
        planned.Count == 0
            ? [new ReportStatus(machine)]
            : [new ReportStatus(machine), new ReportWiring(machine, planned)];

    private static IEnumerable<string> Ends(IEnumerable<Wire> wires) =>
        wires.SelectMany(w => new[] { w.From.ToString(), w.To.ToString() });

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
