using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// The system's OpenSSH client and rsync, configured by the deployment's ssh config; the listener is this
/// machine, reached without ssh. Arguments are quoted word by word for the remote shell.
/// </summary>
public sealed class SshTransport(DeploymentFiles files, string remoteDirectory, ICommandRunner run) : IMachineTransport
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(60);

    private string Agent => $"{remoteDirectory}/orchestra-agent";

    public async Task SyncAsync(string machine, string stagedDirectory, CancellationToken cancel)
    {
        if (machine == DeploymentPlan.Listener) return;
        await run.RunCheckedAsync(["rsync", "-a", "--mkpath", "--protect-args", "-e", $"ssh -F {ShellQuote.Word(files.SshConfig)}",
            stagedDirectory.TrimEnd('/') + "/", $"{machine}:{remoteDirectory}/"], cancel, timeout: TimeSpan.FromMinutes(5));
    }

    public Task<CommandResult> AgentAsync(string machine, IReadOnlyList<string> args, CancellationToken cancel) =>
        machine == DeploymentPlan.Listener
            ? run.RunAsync(["bash", Path.Combine(files.Listener, "orchestra-agent"), .. args], cancel, timeout: AgentTimeout)
            : run.RunAsync(["ssh", "-F", files.SshConfig, machine, "--", ShellQuote.Command([Agent, .. args])], cancel, timeout: AgentTimeout);

    public async Task RemoveAsync(string machine, CancellationToken cancel)
    {
        if (machine == DeploymentPlan.Listener)
        {
            if (Directory.Exists(files.Listener)) Directory.Delete(files.Listener, recursive: true);
            return;
        }
        await run.RunAsync(["ssh", "-F", files.SshConfig, machine, "--", ShellQuote.Command(["rm", "-rf", "--", remoteDirectory])], cancel);
        await run.RunAsync(["ssh", "-F", files.SshConfig, "-O", "exit", machine], cancel);
    }
}
