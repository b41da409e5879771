using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;
using CloudOrchestra.Loading;
using CloudOrchestra.Planning;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Deploy.Tests.Execution;

/// <summary>
/// The executor against machines faked in memory: what it sends each machine, in which order, at once or not, and
/// what it stops when a step fails. The real agents, ssh and sound are the end-to-end tests' (orchestra.Tests).
/// </summary>
public sealed class DeploymentExecutorTests : IDisposable
{
    /// <summary>fm on h1, lp on h2, lp heard at the listener: two links, three machines.</summary>
    private readonly OrchestraFiles orchestra = OrchestraFiles.Create().Write("synthdef.json", """
        {"blocks": {"fm": {"module": "fm", "host": "h1"}, "lp": {"module": "lp", "host": "h2"}},
         "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}]}
        """);
    private readonly string state = Directory.CreateTempSubdirectory("executor-state-").FullName;
    private readonly FakeTransport machines = new();
    private readonly List<DeployEvent> events = [];

    public void Dispose()
    {
        orchestra.Dispose();
        Directory.Delete(state, recursive: true);
    }

    private DeploymentPlan Plan()
    {
        var loaded = OrchestraLoader.Load(orchestra.Directory, null, requireHosts: true);
        Assert.True(loaded.Succeeded, string.Join('\n', loaded.Diagnostics));
        return DeploymentPlanner.Build(loaded.Orchestra!, loaded.Resources!,
            Optimizer.Place(loaded.Orchestra!, loaded.Resources!));
    }

    private DeploymentFiles FilesOf(DeploymentPlan plan) => new(plan.Id, state);

    private Task<Deployed> Up(DeploymentPlan plan) =>
        new DeploymentExecutor(machines, FilesOf(plan))
            .UpAsync(plan, new SynchronousProgress<DeployEvent>(events), CancellationToken.None);

    [Fact]
    public async Task Each_machine_is_sent_its_batch_of_every_step_in_the_plans_order_and_the_state_says_up()
    {
        var plan = Plan();

        var deployed = await Up(plan);

        // the listener too: its files are copied into its directory
        Assert.Equal(["(listener)", "h1", "h2"], machines.Synced.Order(StringComparer.Ordinal));
        // A step's calls arrive in any order, and all of them before the next step's first.
        var sent = new List<string>();
        var received = new List<string>();
        var calls = machines.Calls.Select(c => $"{c.Machine}: {string.Join(' ', c.Words)}").ToList();
        foreach (var step in plan.Steps.Where(s => s.Kind != StepKind.Sync))   // sync calls no agent
        {
            var batches = step.Batches().Select(b => $"{b.Machine}: {string.Join(' ', b.Args)}").ToList();
            sent.AddRange(batches.Order(StringComparer.Ordinal));
            received.AddRange(calls.Take(batches.Count).Order(StringComparer.Ordinal));
            calls = calls[batches.Count..];
        }
        Assert.Empty(calls);
        Assert.Equal(sent, received);
        // every port was free
        foreach (var machine in plan.Ports.Keys)
            Assert.Equal([.. plan.Ports[machine]], deployed.Plan.Ports[machine].ToArray());
        Assert.True(DeploymentState.Read(FilesOf(plan).StateFile)!.Up);
        Assert.Empty(machines.Stopped);
    }

    [Fact]
    public async Task A_steps_machines_are_called_at_once_and_the_next_step_waits_for_all_of_them()
    {
        var plan = Plan();
        var jackMachines = plan.Steps.Single(s => s.Kind == StepKind.Jack).Batches().Count();
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each machine's jackd is held until every machine's has been sent: one machine after another would never get
        // there.
        machines.Answer = async (_, words, cancel) =>
        {
            if (words[0] != "jackd") return null;
            if (Interlocked.Increment(ref arrived) == jackMachines) all.SetResult();
            await all.Task.WaitAsync(TimeSpan.FromSeconds(10), cancel);
            return null;
        };

        await Up(plan);

        Assert.Equal(3, jackMachines);
        var jack = events.FindIndex(e => e.Step == StepKind.Jack && e.Kind == DeployEventKind.Succeeded);
        var lastJack = events.FindLastIndex(e => e.Step == StepKind.Jack);
        var next = events.FindIndex(e => e.Step > StepKind.Jack);
        Assert.True(jack < lastJack && lastJack < next, string.Join('\n', events));
        Assert.Equal(jackMachines,
            events.Take(next).Count(e => e.Step == StepKind.Jack && e.Kind == DeployEventKind.Succeeded));
    }

    [Fact]
    public async Task A_failing_synth_stops_every_machine_names_its_block_and_nothing_later_is_sent()
    {
        var plan = Plan();
        machines.Answer = (machine, words, _) => Task.FromResult(
            machine == "h2" && FakeTransport.CallsIn(words).Any(c => c is ["start", "lp", ..])
                ? new CommandResult(3, "started lp 77 42\n",
                    "lp exited before registering lp:output1; its log ends:\n  | error: syntax error, line 7\n")
                : null);

        var failure = await Assert.ThrowsAsync<DeploymentFailedException>(() => Up(plan));

        Assert.Equal("h2, block 'lp': start synth failed: lp exited before registering lp:output1; its log ends:\n"
            + "  | error: syntax error, line 7", failure.Message);
        Assert.True(failure.Teardown!.Complete);
        Assert.Equal(["(listener)", "h1", "h2"], machines.Stopped.Order(StringComparer.Ordinal));
        var verbs = machines.Calls.SelectMany(c => FakeTransport.CallsIn(c.Words)).Select(c => c[0]).ToHashSet();
        Assert.DoesNotContain("disconnect-all", verbs);
        Assert.DoesNotContain("connect", verbs);
        Assert.False(Directory.Exists(FilesOf(plan).Directory));   // all stopped: nothing left to tear down
        Assert.Contains(events, e => e is { Step: StepKind.Synths, Machine: "h2", Kind: DeployEventKind.Failed });
    }

    [Fact]
    public async Task A_failure_that_is_not_about_a_process_names_no_block_even_when_its_words_begin_with_one()
    {
        var plan = Plan();
        machines.Answer = (machine, words, _) => Task.FromResult(
            machine == "h2" && FakeTransport.CallsIn(words).Any(c => c is ["connect", ..])
                ? new CommandResult(1, "",
                    "lp is what the agent could not connect (an exit 1: about JACK, not a process)\n")
                : null);

        var failure = await Assert.ThrowsAsync<DeploymentFailedException>(() => Up(plan));

        Assert.StartsWith("h2: connect ports failed: lp is what", failure.Message);
    }

    [Fact]
    public async Task A_machine_that_cannot_be_synced_fails_the_step_and_the_others_are_stopped()
    {
        var plan = Plan();
        machines.Unreachable.Add("h2");
        machines.Unstoppable.Add("h2");

        var failure = await Assert.ThrowsAsync<DeploymentFailedException>(() => Up(plan));

        Assert.StartsWith("h2: sync files failed: ssh: connect to host h2 port 22: No route to host", failure.Message);
        // h2 was sent nothing that starts a process: that it cannot be reached now means nothing of it runs there.
        Assert.True(failure.Teardown!.Complete, failure.Cleanup);
        Assert.Empty(machines.Calls);
    }

    [Fact]
    public async Task Ports_the_machines_kept_in_place_of_those_asked_are_the_ones_links_use_and_the_state_records()
    {
        var plan = Plan();
        machines.Reserve = (machine, port) => machine == DeploymentPlan.Listener ? port + 100 : port;

        var deployed = await Up(plan);

        var heard = Assert.Single(deployed.Plan.ListenerLinks);
        Assert.Equal(plan.ListenerLinks[0].ClientPort + 100, heard.ClientPort);
        Assert.Equal(plan.Ports[DeploymentPlan.Listener].Select(p => p + 100),
            deployed.Plan.Ports[DeploymentPlan.Listener].ToArray());
        Assert.Equal([.. plan.Ports["h2"]], deployed.Plan.Ports["h2"].ToArray());
        // The link's two ends start with the kept port: the listener's client binds it, lp's server on h2 sends to it.
        var started = machines.Calls.SelectMany(c => FakeTransport.CallsIn(c.Words).Select(w => (c.Machine, Words: w)))
            .Where(c => c.Words is ["start", ..] && c.Words[1] == heard.Name).ToList();
        Assert.Equal(["(listener)", "h2"], started.Select(c => c.Machine).Order(StringComparer.Ordinal));
        Assert.All(started, c => Assert.Contains($"{heard.ClientPort}", c.Words));
        var recorded = DeploymentState.Read(FilesOf(plan).StateFile)!;
        Assert.Equal(deployed.Plan.Ports[DeploymentPlan.Listener].ToArray(), recorded.Ports![DeploymentPlan.Listener]);
    }

    [Fact]
    public async Task A_teardown_that_cannot_reach_a_machine_keeps_only_that_one_for_the_next()
    {
        var plan = Plan();
        await Up(plan);
        var files = FilesOf(plan);
        machines.Unstoppable.Add("h1");

        var report = await new DeploymentExecutor(machines, files).DownAsync(DeploymentState.Read(files.StateFile)!,
            new SynchronousProgress<DeployEvent>(events), CancellationToken.None);

        Assert.False(report.Complete);
        Assert.Equal(["h1"], report.Failures.Select(f => f.Machine));
        Assert.Equal(["(listener)", "h2"], machines.Removed.Order(StringComparer.Ordinal));
        var left = DeploymentState.Read(files.StateFile)!;
        Assert.Equal(["h1"], left.Machines);
        Assert.False(left.Up);
    }
}
