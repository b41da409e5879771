namespace CloudOrchestra.Deployment;

/// <summary>What a machine of a deployment is for.</summary>
public enum MachineRole
{
    /// <summary>A machine of the hosts file: it runs blocks.</summary>
    Synths,

    /// <summary>
    /// This computer, which runs <c>orchestra</c>: the orchestra's ADCs and DACs end here, and it hears the result.
    /// </summary>
    Listener,
}
