using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// The system's OpenSSH client and rsync, configured by the deployment's ssh config; the listener is this
/// machine, reached without ssh. Each machine's agent calls share one long-lived agent session
/// (<see cref="AgentSession"/>); a single call's arguments are quoted word by word for the remote shell.
/// </summary>
public sealed class SshTransport(DeploymentFiles files, string remoteDirectory, ICommandRunner run) : IMachineTransport
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How a deployment's machines are reached over ssh, given its files and its directory on them.</summary>
    public static MachineTransports For(ICommandRunner run) => (files, remoteDirectory) => new SshTransport(files, remoteDirectory, run);
    private readonly Dictionary<string, AgentSession> sessions = [];

    private string Agent => $"{remoteDirectory}/{DeploymentStage.AgentScript}";

    public async Task SyncAsync(string machine, string stagedDirectory, CancellationToken cancel)
    {
        if (machine == DeploymentPlan.Listener) return;
        await run.RunCheckedAsync(["rsync", "-a", "--mkpath", "--protect-args", "-e", $"ssh -F {RsyncWord(files.SshConfig)}",
            stagedDirectory.TrimEnd('/') + "/", $"{machine}:{remoteDirectory}/"], cancel, timeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>A word of rsync's -e command, which rsync splits itself: quotes keep spaces, but no backslash escapes a quote.</summary>
    private static string RsyncWord(string word) =>
        !word.Contains('\'') ? $"'{word}'"
        : !word.Contains('"') ? $"\"{word}\""
        : throw new ArgumentException($"rsync cannot be given the path '{word}': it holds both kinds of quote");

    public Task<CommandResult> AgentAsync(string machine, IReadOnlyList<string> args, CancellationToken cancel) =>
        SessionOf(machine).CallAsync(args, AgentTimeout, cancel);

    private AgentSession SessionOf(string machine)
    {
        lock (sessions)
        {
            if (!sessions.TryGetValue(machine, out var session))
            {
                session = new AgentSession(AgentCommand(machine, ["serve"]));
                sessions[machine] = session;
            }
            return session;
        }
    }

    private IReadOnlyList<string> AgentCommand(string machine, IReadOnlyList<string> args) =>
        machine == DeploymentPlan.Listener
            ? ["bash", Path.Combine(files.Listener, DeploymentStage.AgentScript), .. args]
            : ["ssh", "-F", files.SshConfig, machine, "--", ShellQuote.Command([Agent, .. args])];

    /// <summary>Printed where the deployment's agent is not: nothing of the deployment runs there.</summary>
    private const string AbsentMarker = "orchestra-agent-absent";

    public async Task<MachineTeardown> StopAsync(string machine, CancellationToken cancel)
    {
        await CloseSessionAsync(machine);
        CommandResult stop;
        if (machine == DeploymentPlan.Listener)
        {
            var agent = Path.Combine(files.Listener, DeploymentStage.AgentScript);
            if (!File.Exists(agent)) return new MachineTeardown(machine, TeardownOutcome.AlreadyDown);
            stop = await run.RunAsync(["bash", agent, "stop"], cancel, timeout: AgentTimeout);
        }
        else
        {
            // One call of its own, not the session's: a machine without the agent has nothing to serve it, and is already down.
            var agent = ShellQuote.Word(Agent);
            stop = await run.RunAsync(["ssh", "-F", files.SshConfig, machine, "--", $"if [ -f {agent} ]; then exec bash {agent} stop; fi; echo {AbsentMarker}"],
                cancel, timeout: AgentTimeout);
        }
        if (!stop.Succeeded)
        {
            var why = machine != DeploymentPlan.Listener && stop.ExitCode == 255 ? $"unreachable ({stop.Tail(2)})" : stop.Tail();
            return new MachineTeardown(machine, TeardownOutcome.Failed, why);
        }
        return stop.Stdout.Contains(AbsentMarker, StringComparison.Ordinal)
            ? new MachineTeardown(machine, TeardownOutcome.AlreadyDown)
            : new MachineTeardown(machine, TeardownOutcome.Stopped, stop.Stdout.Trim());
    }

    private async Task CloseSessionAsync(string machine)
    {
        AgentSession? session;
        lock (sessions)
        {
            sessions.Remove(machine, out session);
        }
        if (session is not null) await session.DisposeAsync();
    }

    public async Task RemoveAsync(string machine, CancellationToken cancel)
    {
        await CloseSessionAsync(machine);
        if (machine == DeploymentPlan.Listener)
        {
            if (Directory.Exists(files.Listener)) Directory.Delete(files.Listener, recursive: true);
            return;
        }
        await run.RunAsync(["ssh", "-F", files.SshConfig, machine, "--", ShellQuote.Command(["rm", "-rf", "--", remoteDirectory])], cancel);
        await run.RunAsync(["ssh", "-F", files.SshConfig, "-O", "exit", machine], cancel);
    }

    public async ValueTask DisposeAsync()
    {
        List<AgentSession> open;
        lock (sessions)
        {
            open = [.. sessions.Values];
            sessions.Clear();
        }
        await Task.WhenAll(open.Select(s => s.DisposeAsync().AsTask()));
    }
}
