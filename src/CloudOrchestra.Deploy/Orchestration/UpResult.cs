using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deployment;
using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Deploy.Orchestration;

/// <summary>A loaded and planned orchestra, or the problems that stopped it.</summary>
/// <param name="LocalCloud">The local cloud its machines are part of, when they are.</param>
public sealed record Prepared(IReadOnlyList<Diagnostic> Diagnostics, DeploymentPlan? Plan,
    Model.Resources? Resources = null, LocalCloudOf? LocalCloud = null);

/// <summary>How an <c>up</c> ended when nothing failed.</summary>
public abstract record UpResult
{
    /// <summary>It was up already, and stays as it is.</summary>
    public sealed record AlreadyUp(DeploymentState State) : UpResult;

    /// <summary>The files have errors: nothing was started.</summary>
    public sealed record Invalid(IReadOnlyList<Diagnostic> Diagnostics) : UpResult;

    /// <summary>What an earlier, unfinished 'up' started could not all be stopped: nothing new was started.</summary>
    public sealed record EarlierNotStopped(TeardownReport Teardown) : UpResult;

    /// <summary>Up and wired.</summary>
    public sealed record Done(Prepared Prepared, DeploymentTimings Timings) : UpResult;
}
