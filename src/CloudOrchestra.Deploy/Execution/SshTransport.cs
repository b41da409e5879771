using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// The system's OpenSSH client and rsync, configured by the deployment's ssh config, for machines reached over ssh; a
/// shell and a local rsync for the listener, this computer (<see cref="MachineReach"/>). Each machine's agent calls
/// share one long-lived agent session (<see cref="AgentSession"/>); a call's arguments are quoted word by word for the
/// shell there.
/// </summary>
public sealed class SshTransport(DeploymentFiles files, string remoteDirectory, ICommandRunner run) : IMachineTransport
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How a deployment's machines are reached over ssh, given its files and its directory on them.</summary>
    public static MachineTransports For(ICommandRunner run) => (files, remoteDirectory) =>
        new SshTransport(files, remoteDirectory, run);
    private readonly Dictionary<string, AgentSession> sessions = [];

    private MachineReach ReachOf(string machine) => MachineReach.Of(machine, remoteDirectory, files.Listener);

    public async Task SyncAsync(string machine, string stagedDirectory, CancellationToken cancel)
    {
        var source = stagedDirectory.TrimEnd('/') + "/";
        IReadOnlyList<string> rsync = ReachOf(machine) switch
        {
            SshReach ssh =>
                ["rsync", "-a", "--mkpath", "--protect-args", NodeProgram.LinkDestFor(remoteDirectory), "-e",
                    $"ssh -F {RsyncWord(files.SshConfig)}", source, $"{ssh.Machine}:{ssh.Directory}/"],
            var local => ["rsync", "-a", "--mkpath", "--", source, local.Directory + "/"],
        };
        await run.RunCheckedAsync(rsync, cancel, timeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// A word of rsync's -e command, which rsync splits itself: quotes keep spaces, but no backslash escapes a quote.
    /// </summary>
    private static string RsyncWord(string word) =>
        !word.Contains('\'') ? $"'{word}'"
        : !word.Contains('"') ? $"\"{word}\""
        : throw new ArgumentException($"rsync cannot be given the path '{word}': it holds both kinds of quote");

    /// <summary>The command here that runs a shell command line on the machine.</summary>
    private IReadOnlyList<string> There(MachineReach reach, string line) => reach switch
    {
        SshReach ssh => ["ssh", "-F", files.SshConfig, ssh.Machine, "--", line],
        _ => ["sh", "-c", line],
    };

    public Task<CommandResult> AgentAsync(string machine, IReadOnlyList<string> args, CancellationToken cancel) =>
        SessionOf(machine).CallAsync(args, AgentTimeout, cancel);

    private AgentSession SessionOf(string machine)
    {
        lock (sessions)
        {
            if (!sessions.TryGetValue(machine, out var session))
            {
                var reach = ReachOf(machine);
                session = new AgentSession(There(reach, reach.AgentLine(["serve"])));
                sessions[machine] = session;
            }
            return session;
        }
    }

    /// <summary>Printed where the deployment's agent is not: nothing of the deployment runs there.</summary>
    private const string AbsentMarker = "orchestra-agent-absent";

    public async Task<MachineTeardown> StopAsync(string machine, CancellationToken cancel)
    {
        await CloseSessionAsync(machine);
        // One call of its own, not the session's: a machine without the agent has nothing to serve it, and is already
        // down.
        var reach = ReachOf(machine);
        var stop = await run.RunAsync(There(reach, $"{reach.StopLine}; echo {AbsentMarker}"), cancel,
            timeout: AgentTimeout);
        if (!stop.Succeeded)
        {
            var why = reach is SshReach && stop.ExitCode == 255 ? $"unreachable ({stop.Tail(2)})" : stop.Tail();
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
        var reach = ReachOf(machine);
        await run.RunAsync(There(reach, reach.RemoveLine), cancel);
        if (reach is SshReach) await run.RunAsync(["ssh", "-F", files.SshConfig, "-O", "exit", machine], cancel);
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
