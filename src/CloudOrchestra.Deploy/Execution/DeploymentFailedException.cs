using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// A step failed on a machine; the message names the machine, the block and what its log said last.
/// <see cref="Teardown"/> says how far stopping what had been started got.
/// </summary>
public sealed class DeploymentFailedException(StepKind step, string machine, string? block, string detail,
    TeardownReport? teardown = null)
    : Exception($"{machine}{(block is null ? "" : $", block '{block}'")}: {step.Title()} failed: {detail.TrimEnd()}")
{
    public TeardownReport? Teardown => teardown;

    /// <summary>What stopping what had been started did, in words: all of it, or what may still run and why.</summary>
    public string Cleanup => teardown is null || teardown.Complete
        ? "everything that was started has been stopped"
        : $"could not stop everything that was started:\n{teardown.Unfinished}";

    /// <summary>The same failure, with what stopping what had been started did.</summary>
    public DeploymentFailedException WithTeardown(TeardownReport report) => new(step, machine, block, detail, report);
}
