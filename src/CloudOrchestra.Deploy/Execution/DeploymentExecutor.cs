using System.Diagnostics;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>How long each step took, and the whole, from the first step to the last.</summary>
public sealed record DeploymentTimings(IReadOnlyDictionary<StepKind, TimeSpan> Steps, TimeSpan Total);

/// <summary>
/// A deployment that came up: the plan as it ran (its links on the ports the machines reserved), and how long it took.
/// </summary>
public sealed record Deployed(DeploymentPlan Plan, DeploymentTimings Timings);

/// <summary>
/// Makes a <see cref="DeploymentPlan"/> real: step by step in the plan's order, machines in parallel within a
/// step, each call waiting on the agent's readiness checks. If anything fails, everything started is stopped
/// before the failure is reported.
/// </summary>
public sealed class DeploymentExecutor(IMachineTransport transport, DeploymentFiles files)
{
    /// <summary>The machines this 'up' has sent a call beyond its files: only those can run anything of it.</summary>
    private readonly HashSet<string> touched = [];

    /// <summary>
    /// What every machine's stage of this 'up' holds alike: the deployment's secret, and the node's program.
    /// </summary>
    private (string Secret, string NodeProgram) shared;

    /// <param name="localCloud">The local cloud the plan's machines are part of, if they are: recorded, so that a
    /// teardown after that cloud was removed knows its machines went with it.</param>
    /// <exception cref="DeploymentFailedException">A step failed, or this computer could not keep the deployment's
    /// records; what was started has been stopped, as far as it could be (the exception's teardown says how
    /// far).</exception>
    public async Task<Deployed> UpAsync(DeploymentPlan plan, IProgress<DeployEvent> progress, CancellationToken cancel,
        LocalCloudOf? localCloud = null)
    {
        var wall = Stopwatch.StartNew();
        Directory.CreateDirectory(files.Directory);
        var state = StateOf(plan) with { LocalCloud = localCloud };
        state.Write(files.StateFile);   // before anything starts: whatever happens next, 'down' knows where to look
        var record = new RunRecord(files.RunRecord);
        var timings = new Dictionary<StepKind, TimeSpan>();
        var blocks = plan.Synths.Select(s => s.Block).ToHashSet();
        var step = StepKind.Sync;
        touched.Clear();
        try
        {
            // Once for the whole 'up': every machine's stage links the same program and holds the same secret.
            shared = (NodeSecret.ReadOrCreate(files.NodeSecretFile),
                NodeProgram.Cached(files.StateRoot ?? StateDirectory.Root));
            for (var i = 0; i < plan.Steps.Length; i++)
            {
                var planned = plan.Steps[i];
                step = planned.Kind;
                var clock = Stopwatch.StartNew();
                var replies = await RunStepAsync(plan, planned, blocks, record, progress, cancel);
                if (planned.Kind == StepKind.ReservePorts)
                {
                    // Planned again on the ports each machine kept: the steps are the same ones, only ports differ.
                    var asked = plan;
                    plan = plan.WithPorts(replies.ToDictionary(r => r.Key, r => AgentReplies.Ports(r.Value.Stdout)));
                    state = state with
                    {
                        Ports = plan.Ports.ToDictionary(p => p.Key, p => (IReadOnlyList<int>)p.Value),
                        Conductor = ConductorOf(plan),
                    };
                    state.Write(files.StateFile);
                    // The files synced name ports (node.json, templates): where a machine kept others, synced again.
                    if (plan.Steps[0] is { Kind: StepKind.Sync } sync && !SamePorts(asked, plan))
                        await RunStepAsync(plan, sync, blocks, record, progress, cancel);
                }
                timings[planned.Kind] = clock.Elapsed;
            }
            try
            {
                (state with { Up = true }).Write(files.StateFile);
            }
            catch (IOException e)
            {
                throw new DeploymentFailedException(step, "this computer", null,
                    $"could not record that the deployment is up: {e.Message}");
            }
            return new Deployed(plan, new DeploymentTimings(timings, wall.Elapsed));
        }
        catch (Exception e)
        {
            // What failed is what the musician needs to read first; how far the cleanup got comes with it, never
            // instead of it.
            var failure = e as DeploymentFailedException
                ?? (e is OperationCanceledException
                    ? null
                    : new DeploymentFailedException(step, "this computer", null, e.Message));
            TeardownReport teardown;
            try
            {
                teardown = await DownAsync(state, new Progress<DeployEvent>(), CancellationToken.None,
                    untouched: state.Machines.Except(touched).ToHashSet());
            }
            catch (Exception cleanup)
            {
                teardown =
                    new TeardownReport([new MachineTeardown("this computer", TeardownOutcome.Failed, cleanup.Message)]);
            }
            if (failure is null) throw;   // cancelled (Ctrl-C): stopped as far as it could be, then cancelled
            throw failure.WithTeardown(teardown);
        }
    }

    /// <summary>
    /// Stops every recorded process on every machine (newest first), then removes the deployment's files. A machine
    /// that has nothing of it is already down, and one of a local cloud that is gone (<paramref name="gone"/>) went
    /// with it. When some machine cannot be stopped (unreachable), the others are still stopped and the state keeps
    /// only the machines left, so that the next <c>down</c> (or <c>up</c>) tries them again.
    /// </summary>
    /// <param name="untouched">Machines that were sent no call that starts anything: one that cannot be reached has
    /// nothing of the deployment running.</param>
    public async Task<TeardownReport> DownAsync(DeploymentState state, IProgress<DeployEvent> progress,
        CancellationToken cancel, IReadOnlySet<string>? gone = null, IReadOnlySet<string>? untouched = null)
    {
        var clock = Stopwatch.StartNew();
        var machines = await Task.WhenAll(state.Machines.Reverse().Select(async machine =>
        {
            progress.Report(new DeployEvent(StepKind.Teardown, machine, DeployEventKind.Started, clock.Elapsed));
            var done = gone?.Contains(machine) == true
                ? new MachineTeardown(machine, TeardownOutcome.Gone)
                : await transport.StopAsync(machine, cancel);
            if (!done.Done && untouched?.Contains(machine) == true)
                done = new MachineTeardown(machine, TeardownOutcome.AlreadyDown, "nothing was started there");
            if (done.Outcome is TeardownOutcome.Stopped or TeardownOutcome.AlreadyDown)
                await transport.RemoveAsync(machine, cancel);
            progress.Report(new DeployEvent(StepKind.Teardown, machine,
                done.Done ? DeployEventKind.Succeeded : DeployEventKind.Failed, clock.Elapsed,
                done.Done ? done.Detail : done.ToString()));
            return done;
        }));
        var report = new TeardownReport([.. machines.Reverse()]);
        if (report.Complete)
        {
            if (Directory.Exists(files.Directory)) Directory.Delete(files.Directory, recursive: true);
        }
        else if (File.Exists(files.StateFile))
        {
            (state with { Machines = [.. report.Failures.Select(m => m.Machine)], Up = false }).Write(files.StateFile);
        }
        return report;
    }

    private static bool SamePorts(DeploymentPlan one, DeploymentPlan other) =>
        one.Ports.Count == other.Ports.Count
        && one.Ports.All(p => other.Ports.TryGetValue(p.Key, out var ports) && ports.SequenceEqual(p.Value));

    /// <summary>Stages the machine's files here, then has them copied there.</summary>
    private async Task<CommandResult> SyncAsync(DeploymentPlan plan, string machine, CancellationToken cancel)
    {
        var stage = files.Stage(machine);
        DeploymentStage.Write(stage, plan, machine, shared.Secret, shared.NodeProgram);
        try
        {
            await transport.SyncAsync(machine, stage, cancel);
            return new CommandResult(0, "", "");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new CommandResult(1, "", e.Message);
        }
    }

    /// <returns>What each machine's agent answered.</returns>
    private async Task<IReadOnlyDictionary<string, CommandResult>> RunStepAsync(DeploymentPlan plan, PlanStep step,
        IReadOnlyCollection<string> blocks, RunRecord record, IProgress<DeployEvent> progress, CancellationToken cancel)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var tasks = step.Batches().Select(async machine =>
        {
            if (machine.Sync is null) lock (touched) touched.Add(machine.Machine);
            var clock = Stopwatch.StartNew();
            progress.Report(new DeployEvent(step.Kind, machine.Machine, DeployEventKind.Started, clock.Elapsed));
            var batch = machine.AgentCalls;
            var result = machine.Sync is null
                ? await transport.AgentAsync(machine.Machine, machine.Args, failed.Token)
                : await SyncAsync(plan, machine.Machine, failed.Token);
            RecordStarts(batch, result.Stdout, record);
            if (!result.Succeeded)
            {
                progress.Report(new DeployEvent(step.Kind, machine.Machine, DeployEventKind.Failed, clock.Elapsed,
                    result.Stderr.Trim()));
                failed.Cancel();
                var detail = result.Stderr.Length > 0 ? result.Stderr : result.Stdout;
                // The agent's messages about a process begin with its name ("lp exited ..."); name the block when it is
                // one.
                var block = (batch.Count == 1 ? batch[0].Block : null)
                    ?? (AgentReplies.NamesItsProcess(result.ExitCode)
                        ? blocks.FirstOrDefault(b => detail.StartsWith($"{b} ", StringComparison.Ordinal))
                        : null);
                throw new DeploymentFailedException(step.Kind, machine.Machine, block, detail);
            }
            progress.Report(new DeployEvent(step.Kind, machine.Machine, DeployEventKind.Succeeded, clock.Elapsed));
            return (machine.Machine, Reply: result);
        }).ToList();
        await FirstFailureOfAsync(tasks, cancel);
        return tasks.ToDictionary(t => t.Result.Machine, t => t.Result.Reply);
    }

    /// <summary>
    /// Awaits the machines of a step. When one fails it cancels the others; what is thrown is that failure,
    /// not the cancellations it caused, nor whichever failure happened to be awaited first.
    /// </summary>
    private static async Task FirstFailureOfAsync<T>(IReadOnlyList<Task<T>> tasks, CancellationToken cancel)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception e) when (e is DeploymentFailedException
            || (e is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            throw tasks.Select(t => t.Exception?.InnerException).OfType<DeploymentFailedException>().First();
        }
    }

    /// <summary>Records every process the agent says it started, with its command line.</summary>
    private static void RecordStarts(IReadOnlyList<AgentCall> calls, string output, RunRecord record)
    {
        foreach (var started in AgentReplies.Started(output))
        {
            var command = calls.Select(c => c switch
            {
                StartProcess s when s.Name == started.Name => s.Command,
                StartJack j when started.Name == AgentWords.JackProcess => j.Args,
                _ => null,
            }).FirstOrDefault(c => c is not null) ?? [];
            record.Append(new RunRecord.Entry(DateTimeOffset.UtcNow, calls[0].Machine, started.Name, started.Pid,
                started.StartTime, command));
        }
    }

    public static DeploymentState StateOf(DeploymentPlan plan) => new(
        plan.Id,
        plan.Orchestra.Directory,
        plan.RemoteDirectory,
        plan.JackServer,
        [.. plan.AllMachines],
        plan.Wiring.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Wire>)kv.Value),
        // Each machine's processes as it starts them: its JACK server (where it runs one), then the others.
        plan.Steps.SelectMany(s => s.Calls)
            .SelectMany(c => c switch
            {
                StartJack j => [(j.Machine, AgentWords.JackProcess)],
                StartProcess p => new[] { (p.Machine, p.Name) },
                _ => [],
            })
            .GroupBy(p => p.Machine).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.Item2)]),
        [.. plan.ListenerLinks.Where(l => l.IsHeard)
            .SelectMany(l => Enumerable.Range(1, l.Channels).Select(c => l.Receive(c).ToString()))],
        DateTimeOffset.UtcNow,
        Up: false,
        plan.ListenerDriver,
        Conductor: ConductorOf(plan));

    private static ConductorAt ConductorOf(DeploymentPlan plan) =>
        new(plan.Control.Conductor.Address, plan.Control.ConductorPort);
}
