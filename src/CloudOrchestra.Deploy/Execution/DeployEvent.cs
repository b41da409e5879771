using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

public enum DeployEventKind
{
    Started,
    Succeeded,
    Failed,
}

/// <summary>Progress of one step on one machine, for the CLI's live view and the <c>--json</c> stream.</summary>
public sealed record DeployEvent(StepKind Step, string Machine, DeployEventKind Kind, TimeSpan Elapsed, string? Detail = null);
