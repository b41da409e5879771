namespace CloudOrchestra.Deployment;

/// <summary>
/// What a step asks of one machine: a call of its agent (<see cref="AgentCall"/>), or its files
/// (<see cref="SyncFiles"/>). <paramref name="Block"/>: the block the call concerns, if any.
/// </summary>
public abstract record MachineCall(string Machine, string? Block = null);

/// <summary>
/// Gives the machine the deployment's files as they were staged for it here: the agent, and its blocks' modules.
/// How they get there (rsync over ssh, or a copy on this computer) is the machine's reach, not the plan's.
/// </summary>
public sealed record SyncFiles(string Machine) : MachineCall(Machine);
