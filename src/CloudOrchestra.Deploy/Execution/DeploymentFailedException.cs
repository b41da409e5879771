using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>A step failed on a machine; the message names the machine, the block and what its log said last.</summary>
public sealed class DeploymentFailedException(StepKind step, string machine, string? block, string detail, string? cleanup = null)
    : Exception($"{machine}{(block is null ? "" : $", block '{block}'")}: {step.Title()} failed: {detail.TrimEnd()}"
        + (cleanup is null ? "" : $"\nwhile stopping what was started: {cleanup}"))
{
    public string Detail => detail;

    /// <summary>The same failure, with what went wrong while cleaning up after it.</summary>
    public DeploymentFailedException WithCleanup(string problem) => new(step, machine, block, detail, problem);

    public StepKind Step => step;
    public string Machine => machine;
    public string? Block => block;
}
