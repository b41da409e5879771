using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>Makes the transport to a deployment's machines, given its files here and its directory on them.</summary>
public delegate IMachineTransport MachineTransports(DeploymentFiles files, string remoteDirectory);

/// <summary>
/// Reaches the machines of a deployment (<see cref="SshTransport"/>). Every method takes a cancellation token; the
/// executor's and the lifecycle's tests fake it (Deploy.Tests' FakeTransport). Disposing it ends its sessions.
/// </summary>
public interface IMachineTransport : IAsyncDisposable
{
    /// <summary>Copies a staged directory into the deployment's directory on the machine.</summary>
    Task SyncAsync(string machine, string stagedDirectory, CancellationToken cancel);

    /// <summary>Runs the agent on the machine with these arguments.</summary>
    Task<CommandResult> AgentAsync(string machine, IReadOnlyList<string> args, CancellationToken cancel);

    /// <summary>
    /// Stops every process the deployment's agent on the machine recorded. A machine without the deployment's agent
    /// (it never got its files, or they were removed) has nothing of it running: it is already down.
    /// </summary>
    Task<MachineTeardown> StopAsync(string machine, CancellationToken cancel);

    /// <summary>Removes the deployment's directory from the machine.</summary>
    Task RemoveAsync(string machine, CancellationToken cancel);
}
