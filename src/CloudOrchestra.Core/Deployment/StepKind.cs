namespace CloudOrchestra.Deployment;

/// <summary>
/// The papers' deployment sequence (seed 001 §3.2), with the link step split where readiness needs it.
/// The listener's links start with the others, not last: JackTrip activates its JACK client only once its
/// peer has connected, and the ports of an inactive client cannot be wired. Export then wires the listener.
/// </summary>
public enum StepKind
{
    Sync,
    Jack,
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
/// One step: agent calls on several machines. Machines run in parallel; one machine's calls in order.
/// Steps run one after another. Synths start only once every link is connected: Csound lists the JACK
/// ports as it starts, and crashed (then hung) when JackTrip's ports appeared at that moment.
/// </summary>
public sealed record PlanStep(StepKind Kind, IReadOnlyList<AgentCall> Calls);

/// <summary>How a step is named to people: in progress lines, timings and errors.</summary>
public static class StepTitles
{
    public static string Title(this StepKind step) => step switch
    {
        StepKind.Sync => "sync files",
        StepKind.Jack => "start jackd",
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

