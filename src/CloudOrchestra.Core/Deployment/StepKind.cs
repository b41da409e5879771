namespace CloudOrchestra.Deployment;

/// <summary>
/// The papers' deployment sequence (seed 001 §3.2), with the link step split where readiness needs it.
/// The listener's links start with the others, not last: JackTrip activates its JACK client only once its
/// peer has connected, and the ports of an inactive client cannot be wired. Export then wires the listener.
/// </summary>
public enum StepKind
{
    Sync,
    ReservePorts,
    Jack,
    Nodes,
    LinkServers,
    LinkClients,
    LinksConnected,
    Synths,
    Disconnect,
    Connect,
    Export,
    Verify,

    /// <summary>Not a step of the plan: stopping a deployment, reported like one.</summary>
    Teardown,
}

/// <summary>
/// One step: calls on several machines (their files, or their agents). Machines run in parallel; one machine's calls in
/// order. Steps run one after another. Synths start only once every link is connected: Csound lists the JACK
/// ports as it starts, and crashed (then hung) when JackTrip's ports appeared at that moment.
/// </summary>
public sealed record PlanStep(StepKind Kind, IReadOnlyList<MachineCall> Calls)
{
    /// <summary>
    /// What each machine is sent for this step, machines in plan order: its files, or its agent calls as one command
    /// line (<see cref="AgentWords.Of(IReadOnlyList{AgentCall})"/>), so that a machine costs one round trip a step.
    /// Every renderer of the plan (<c>up</c>, generated scripts, playbooks) sends exactly these.
    /// </summary>
    public IEnumerable<MachineBatch> Batches() =>
        Calls.GroupBy(c => c.Machine).Select(g => new MachineBatch(g.Key, [.. g]));

    /// <summary>A step's words for the agent's command line ("links-connected"): its tag in playbooks.</summary>
    public string Tag => StepTags.Tag(Kind);
}

/// <summary>One machine's share of a step: its calls, and the agent's arguments that carry them.</summary>
public sealed record MachineBatch(string Machine, IReadOnlyList<MachineCall> Calls)
{
    /// <summary>
    /// Its files, when this is the machine's share of the sync step (which calls no agent); else null.
    /// </summary>
    public SyncFiles? Sync => Calls is [SyncFiles sync] ? sync : null;

    public IReadOnlyList<AgentCall> AgentCalls => [.. Calls.OfType<AgentCall>()];

    public IReadOnlyList<string> Args => AgentWords.Of(AgentCalls);
}

public static class StepTags
{
    public static string Tag(StepKind kind) =>
        string.Concat(kind.ToString()
            .Select((c, i) =>
                char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}

/// <summary>How a step is named to people: in progress lines, timings and errors.</summary>
public static class StepTitles
{
    public static string Title(this StepKind step) => step switch
    {
        StepKind.Sync => "sync files",
        StepKind.ReservePorts => "reserve ports",
        StepKind.Jack => "start jackd",
        StepKind.Nodes => "start node",
        StepKind.LinkServers => "start link server",
        StepKind.LinkClients => "start link client",
        StepKind.LinksConnected => "link connection",
        StepKind.Synths => "start synth",
        StepKind.Disconnect => "disconnect all",
        StepKind.Connect => "connect ports",
        StepKind.Export => "export to the listener",
        StepKind.Verify => "verify",
        StepKind.Teardown => "stop everything",
        _ => step.ToString(),
    };
}

