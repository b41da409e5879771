namespace CloudOrchestra.Deploy.Execution;

public enum TeardownOutcome
{
    /// <summary>Its agent stopped every process it had recorded, and its files were removed.</summary>
    Stopped,

    /// <summary>
    /// Nothing of the deployment was there (it never got its files, or they were removed): already down.
    /// </summary>
    AlreadyDown,

    /// <summary>The machine went with the local cloud it was part of, and its processes with it.</summary>
    Gone,

    /// <summary>It could not be reached, or its agent could not stop everything: its processes may still run.</summary>
    Failed,
}

/// <summary>What a teardown did on one machine, and what it said.</summary>
public sealed record MachineTeardown(string Machine, TeardownOutcome Outcome, string Detail = "")
{
    public bool Done => Outcome != TeardownOutcome.Failed;

    public override string ToString() => Outcome switch
    {
        TeardownOutcome.Stopped => $"{Machine}: stopped",
        TeardownOutcome.AlreadyDown => $"{Machine}: nothing of it was there",
        TeardownOutcome.Gone => $"{Machine}: gone with its local cloud",
        _ => $"{Machine}: could not stop what runs there: {Detail}",
    };
}

/// <summary>
/// What a teardown did, machine by machine: complete when nothing of the deployment can still run anywhere.
/// </summary>
public sealed record TeardownReport(IReadOnlyList<MachineTeardown> Machines)
{
    public bool Complete => Machines.All(m => m.Done);

    public IEnumerable<MachineTeardown> Failures => Machines.Where(m => !m.Done);

    /// <summary>What is left, in words: the machines whose processes may still run, and why.</summary>
    public string Unfinished => string.Join("\n", Failures);
}
