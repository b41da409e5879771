using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deploy.Tests.Execution;
using CloudOrchestra.Deployment;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Deploy.Tests.Orchestration;

/// <summary>
/// The lifecycle every caller runs (the CLI and the studio), against machines faked in memory: an orchestra that is up
/// stays as it is; what an 'up' that never finished started is stopped first, and its ports asked for again.
/// </summary>
[Collection(StateDirectoryCollection.Name)]
public sealed class DeployerTests : IDisposable
{
    private readonly OrchestraFiles orchestra = OrchestraFiles.Create().Write("synthdef.json", """
        {"blocks": {"fm": {"module": "fm", "host": "h1"}, "lp": {"module": "lp", "host": "h2"}},
         "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}]}
        """);
    private readonly string state = Directory.CreateTempSubdirectory("deployer-state-").FullName;
    private readonly string? stateBefore = Environment.GetEnvironmentVariable("ORCHESTRA_STATE_DIR");
    private readonly FakeTransport machines = new();
    private readonly List<string> notes = [];
    private readonly Deployer deployer;

    public DeployerTests()
    {
        Environment.SetEnvironmentVariable("ORCHESTRA_STATE_DIR", state);
        deployer = new Deployer(new CommandRunner(), (_, _) => machines);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("ORCHESTRA_STATE_DIR", stateBefore);
        orchestra.Dispose();
        Directory.Delete(state, recursive: true);
    }

    private Task<UpResult> Up() =>
        deployer.UpAsync(orchestra.Directory, null, new SynchronousProgress<string>(notes),
            new SynchronousProgress<DeployEvent>([]), null, CancellationToken.None);

    /// <summary>Leaves the deployment as an 'up' killed before its end does: recorded, not up.</summary>
    private void Unfinished()
    {
        var file = new DeploymentFiles(DeploymentPlanner.IdOf(orchestra.Directory)).StateFile;
        (DeploymentState.Read(file)! with { Up = false }).Write(file);
    }

    private IReadOnlyList<string> ReservedAt(string machine) =>
        [.. machines.Calls.Where(c => c.Machine == machine).SelectMany(c => FakeTransport.CallsIn(c.Words))
            .Where(c => c[0] == "reserve-ports").Select(c => string.Join(' ', c.Skip(1)))];

    [Fact]
    public async Task An_orchestra_that_is_up_stays_as_it_is()
    {
        Assert.IsType<UpResult.Done>(await Up());
        var sent = machines.Calls.Count;

        var again = await Up();

        Assert.True(Assert.IsType<UpResult.AlreadyUp>(again).State.Up);
        Assert.Equal(sent, machines.Calls.Count);
        Assert.Empty(machines.Stopped);
    }

    [Fact]
    public async Task What_an_unfinished_up_started_is_stopped_first_and_its_ports_are_asked_for_again()
    {
        // The listener's first ports were taken: it kept others, which the next up asks for (and here gets) again.
        machines.Reserve = (machine, port) => machine == DeploymentPlan.Listener && port < 5000 ? port + 1000 : port;
        var first = Assert.IsType<UpResult.Done>(await Up());
        var kept = first.Prepared.Plan!.Ports[DeploymentPlan.Listener];
        Unfinished();

        var again = Assert.IsType<UpResult.Done>(await Up());

        Assert.Contains("an earlier 'up' did not finish; stopping what it started first", notes);
        Assert.Equal(["(listener)", "h1", "h2"], machines.Stopped.Order(StringComparer.Ordinal));
        var asked = ReservedAt(DeploymentPlan.Listener);
        Assert.Equal(2, asked.Count);
        Assert.Equal($"{string.Join(' ', kept.Select(p => p < 6000 ? p - 1000 : p))}", asked[0]);
        Assert.Equal($"{string.Join(' ', kept)}", asked[1]);
        Assert.Equal([.. kept], again.Prepared.Plan!.Ports[DeploymentPlan.Listener].ToArray());
    }

    [Fact]
    public async Task An_unfinished_up_that_cannot_all_be_stopped_starts_nothing_new()
    {
        Assert.IsType<UpResult.Done>(await Up());
        Unfinished();
        machines.Unstoppable.Add("h1");
        var sent = machines.Calls.Count;

        var again = await Up();

        var earlier = Assert.IsType<UpResult.EarlierNotStopped>(again);
        Assert.Equal(["h1"], earlier.Teardown.Failures.Select(f => f.Machine));
        Assert.Equal(sent, machines.Calls.Count);
    }
}

/// <summary>Tests that set ORCHESTRA_STATE_DIR, which the whole process reads: never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StateDirectoryCollection
{
    public const string Name = "state directory";
}
