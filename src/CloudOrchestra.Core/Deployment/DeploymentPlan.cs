using System.Collections.Immutable;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Deployment;

/// <summary>
/// Everything a deployment does, as data: machines, links, synth launches, wiring and the ordered steps.
/// <c>orchestra up</c> executes it; generated scripts render it. Neither decides anything of its own.
/// </summary>
/// <param name="Id">The deployment's identity (<see cref="DeploymentPlanner.IdOf"/>): its directory on every machine and its JACK server's name.</param>
public sealed record DeploymentPlan(
    string Id,
    Orchestra Orchestra,
    Placement Placement,
    ImmutableArray<MachinePlan> Machines,
    ImmutableArray<NetworkLink> Links,
    ImmutableArray<NetworkLink> ListenerLinks,
    ImmutableArray<SynthLaunch> Synths,
    ImmutableDictionary<string, ImmutableArray<Wire>> Wiring,
    ImmutableArray<PlanStep> Steps)
{
    /// <summary>The machine that runs <c>orchestra</c> and hears the result; no hosts file can name it.</summary>
    public const string Listener = "(listener)";

    /// <summary>How people call it: its orchestra directory's name (the Id adds a hash of the orchestra's path).</summary>
    public string Name => DeploymentPlanner.NameOf(Orchestra.Directory);

    /// <summary>The deployment's directory on a machine, relative to the user's home.</summary>
    public string RemoteDirectory => $".cloudorchestra/{Id}";

    public string JackServer => JackServerOf(Id);

    /// <summary>The JACK server a deployment runs on every machine: named after it, so that several coexist.</summary>
    public static string JackServerOf(string id) => $"co-{id}";

    /// <summary>Machines in step order, the listener last when the orchestra has an ADC or DAC.</summary>
    public IEnumerable<string> AllMachines => Machines.Select(m => m.Name).Concat(ListenerLinks.IsEmpty ? [] : [Listener]);

    /// <summary>The JACK driver of the listener's server (its "jackd NAME DRIVER ..." call): dummy, or a sound card's.</summary>
    public string? ListenerDriver => Steps.Where(s => s.Kind == StepKind.Jack).SelectMany(s => s.Calls)
        .FirstOrDefault(c => c.Machine == Listener)?.Args[2];
}
