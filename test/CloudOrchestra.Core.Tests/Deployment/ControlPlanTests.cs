using System.Text.Json;
using CloudOrchestra.Deployment;
using CloudOrchestra.Loading;
using CloudOrchestra.Planning;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Tests.Deployment;

/// <summary>
/// The live layer in the plan: a node on every machine, the listener's conducting, and what synths learn.
/// </summary>
public sealed class ControlPlanTests
{
    private static DeploymentPlan Plan(OrchestraFiles files)
    {
        var loaded = OrchestraLoader.Load(files.Directory, null, requireHosts: true);
        Assert.True(loaded.Succeeded, string.Join('\n', loaded.Diagnostics));
        return DeploymentPlanner.Build(loaded.Orchestra!, loaded.Resources!,
            Optimizer.Place(loaded.Orchestra!, loaded.Resources!));
    }

    private static OrchestraFiles TwoMachines() => OrchestraFiles.Create().Write("synthdef.json", """
        {"blocks": {"fm": {"module": "fm", "host": "h1"}, "lp": {"module": "lp", "host": "h2"}},
         "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}]}
        """);

    [Fact]
    public void Every_machine_starts_its_node_right_after_jackd_and_the_listener_conducts_them_all()
    {
        using var files = TwoMachines();

        var plan = Plan(files);

        var kinds = plan.Steps.Select(s => s.Kind).ToList();
        Assert.Equal(kinds.IndexOf(StepKind.Jack) + 1, kinds.IndexOf(StepKind.Nodes));
        var starts = plan.Steps.Single(s => s.Kind == StepKind.Nodes).Calls.OfType<StartProcess>().ToList();
        Assert.Equal(["h1", "h2", DeploymentPlan.Listener], starts.Select(s => s.Machine));
        Assert.All(starts, s => Assert.Equal(ControlPlan.ProcessName, s.Name));
        Assert.Equal(["./orchestra-node", "serve", "--config", "node.json", "--secret", "node.secret",
            "--peer-port", "57300", "--local-port", "57301"], starts[0].Command);
        Assert.Equal(["./orchestra-node", "conduct", "--config", "node.json", "--secret", "node.secret",
            "--osc-port", "57200", "--osc-address", "127.0.0.1", "--peer", "h1=57300", "--peer", "h2=57300"],
            starts[2].Command);
        Assert.All(plan.Steps.Single(s => s.Kind == StepKind.Verify).Calls.OfType<CheckRunning>(),
            c => Assert.Contains(ControlPlan.ProcessName, c.Processes));
    }

    [Fact]
    public void Node_and_block_ports_are_reserved_after_the_links_and_the_conductors_port_is_the_hosts_files()
    {
        using var files = TwoMachines().Write("hosts.json", """
            {"hosts": [{"name": "h1", "host": "10.0.0.1", "username": "u", "cores": 2},
                       {"name": "h2", "host": "10.0.0.2", "username": "u", "cores": 2}],
             "listener": {"osc": {"port": 9000, "address": "0.0.0.0", "allow": ["192.168.1.0/24"]}}}
            """);

        var plan = Plan(files);

        Assert.Equal([4464, 57300, 57301, 57120], plan.Ports["h1"].ToArray());
        Assert.Equal([4464, 4465, 57300, 57301, 57121], plan.Ports["h2"].ToArray());
        Assert.Equal([4464, 9000], plan.Ports[DeploymentPlan.Listener].ToArray());
        var conduct = plan.Steps.Single(s => s.Kind == StepKind.Nodes).Calls.OfType<StartProcess>().Last();
        Assert.Equal(["--osc-port", "9000", "--osc-address", "0.0.0.0", "--allow", "192.168.1.0/24"],
            conduct.Command.Skip(6).Take(6));
    }

    [Fact]
    public void An_allowed_address_reaches_the_conductor_as_a_network_of_its_own()
    {
        using var files = TwoMachines().Write("hosts.json", """
            {"hosts": [{"name": "h1", "host": "10.0.0.1", "username": "u", "cores": 2},
                       {"name": "h2", "host": "10.0.0.2", "username": "u", "cores": 2}],
             "listener": {"osc": {"address": "0.0.0.0", "allow": ["192.168.1.7", "fd00::/8"]}}}
            """);

        var conduct = Plan(files).Steps.Single(s => s.Kind == StepKind.Nodes).Calls.OfType<StartProcess>().Last();

        Assert.Equal(["--allow", "192.168.1.7/32", "--allow", "fd00::/8"], conduct.Command.Skip(10).Take(4));
    }

    [Fact]
    public void Ports_a_machine_kept_instead_reach_the_nodes_the_blocks_and_their_templates()
    {
        using var files = TwoMachines();
        var plan = Plan(files);

        var kept = plan.WithPorts(new Dictionary<string, IReadOnlyList<int>> { ["h1"] = [5000, 5001, 5002, 5003] });

        Assert.Equal(new NodePorts(5001, 5002), kept.Control.Nodes["h1"]);
        Assert.Equal(5003, kept.Control.OscPorts["fm"]);
        Assert.Equal((5003, 5002), (kept.PlaceOf("fm").OscPort, kept.PlaceOf("fm").NodePort));
        Assert.Contains("h1=5001", kept.Control.CommandOf(DeploymentPlan.Listener));
    }

    [Fact]
    public void Each_synth_learns_its_osc_port_and_its_nodes_and_csound_has_them_as_macros()
    {
        using var files = TwoMachines();

        var fm = Plan(files).Steps.Single(s => s.Kind == StepKind.Synths).Calls.OfType<StartProcess>()
            .Single(s => s.Name == "fm");

        Assert.Equal(["env", "ORCHESTRA_OSC_PORT=57120", "ORCHESTRA_NODE_PORT=57301", "csound"], fm.Command.Take(4));
        Assert.Contains("--omacro:OSC_PORT=57120", fm.Command);
        Assert.Contains("--omacro:NODE_PORT=57301", fm.Command);
    }

    [Fact]
    public void Csound_synths_of_a_machine_start_one_after_another_each_once_it_has_listed_jacks_ports()
    {
        using var files = OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"fm": {"module": "fm", "host": "h1"}, "lp": {"module": "lp", "host": "h1"}},
             "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}]}
            """);

        var calls = Plan(files).Steps.Single(s => s.Kind == StepKind.Synths).Calls
            .Where(c => c.Machine == "h1").ToList();

        Assert.Equal(["start fm", "wait-ports fm", "wait-log fm", "start lp", "wait-ports lp", "wait-log lp"],
            calls.Select(c => c switch
            {
                StartProcess s => $"start {s.Name}",
                WaitForPorts w => $"wait-ports {w.Owners.Single().Process}",
                WaitForLog l => $"wait-log {l.Process}",
                _ => c.ToString(),
            }));
        Assert.Equal("no ports match pattern cloudorchestra-no-output", ((WaitForLog)calls[2]).Text);
    }

    [Fact]
    public void Node_json_holds_every_block_with_its_machine_port_and_declared_controls()
    {
        using var files = TwoMachines().Write("fm/manifest.json", """
            { "synth": "csound", "main": "fm.csd", "inputs": 0,
              "controls": {"/freq": {"type": "f", "min": 20, "max": 2000, "delivery": "latest"},
                           "/note": {"type": "ii"}} }
            """);
        var plan = Plan(files);

        using var json = JsonDocument.Parse(NodeConfigFile.Render(plan, "h2"));

        var root = json.RootElement;
        Assert.Equal((plan.Id, "h2"),
            (root.GetProperty("deployment").GetString(), root.GetProperty("machine").GetString()));
        var fm = root.GetProperty("blocks").GetProperty("fm");
        Assert.Equal(("h1", 57120), (fm.GetProperty("machine").GetString(), fm.GetProperty("oscPort").GetInt32()));
        Assert.Equal("latest", fm.GetProperty("controls").GetProperty("/freq").GetProperty("delivery").GetString());
        Assert.Equal(("ii", "reliable"),
            (fm.GetProperty("controls").GetProperty("/note").GetProperty("type").GetString(),
                fm.GetProperty("controls").GetProperty("/note").GetProperty("delivery").GetString()));
        Assert.Equal("10.77.0.12", root.GetProperty("machines").GetProperty("h2").GetProperty("address").GetString());
    }
}
