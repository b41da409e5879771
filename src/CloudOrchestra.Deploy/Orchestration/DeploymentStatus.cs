using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Orchestration;

/// <summary>What 'orchestra status' and the studio's status view ask every machine of a deployment.</summary>
/// <param name="transports">How its machines are reached (<see cref="SshTransport.For"/>).</param>
public sealed class DeploymentStatus(MachineTransports transports)
{
    /// <summary>
    /// Per machine: which recorded processes are alive, and whether every planned JACK connection exists.
    /// </summary>
    public async Task<IReadOnlyList<MachineStatus>> StatusAsync(DeploymentState state, CancellationToken cancel)
    {
        var files = new DeploymentFiles(state.Id);
        // A state written before it named each machine's JACK server among its processes: every machine ran one.
        var namesJack = state.Processes.Values.Any(p => p.Contains(AgentWords.JackProcess));
        await using var transport = transports(files, state.RemoteDirectory);
        return await Task.WhenAll(state.Machines.Select(async machine =>
        {
            var planned = state.Wiring.GetValueOrDefault(machine) ?? [];
            var answer = await transport.AgentAsync(machine, AgentWords.Of(AgentWords.Status(machine, planned)),
                cancel);
            var reply = AgentReplies.Status(answer.Stdout);
            IReadOnlyList<string> expected = state.Processes.GetValueOrDefault(machine) ?? [];
            if (!namesJack) expected = [AgentWords.JackProcess, .. expected];
            var wires =
                planned.Select(w =>
                    new WireStatus(w.From.ToString(), w.To.ToString(), reply.Wires.GetValueOrDefault(w, false)))
                .ToList();
            return new MachineStatus(machine, answer.Succeeded || reply.Answered,
                [
                    .. expected.Select(p =>
                        new ProcessStatus(p, reply.Processes.GetValueOrDefault(p, ProcessState.Dead)))
                ],
                wires);
        }));
    }
}

public sealed record ProcessStatus(string Name, ProcessState State)
{
    public bool Alive => State == ProcessState.Alive;
}

/// <param name="Connected">Null when JACK could not be asked (a client of its server is stopped by a signal, and the
/// server waits on it).</param>
public sealed record WireStatus(string From, string To, bool? Connected);

public sealed record MachineStatus(string Machine, bool Reachable, IReadOnlyList<ProcessStatus> Processes,
    IReadOnlyList<WireStatus> Wires)
{
    public bool Healthy => Reachable && Processes.All(p => p.Alive) && Wires.All(w => w.Connected == true);
}
