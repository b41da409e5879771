using System.Text.Json;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Cli.Tests;

[Collection("cli")]
public sealed class PlanCommandTests
{
    private static string Fixture(string name) =>
        Path.Combine(OrchestraCli.RepositoryRoot, "..", "shared", "fixtures", "prototype", name);

    [Fact]
    public void Json_plan_has_the_shape_scripts_rely_on()
    {
        using var files = OrchestraFiles.Create();

        var result = OrchestraCli.Run(files.Root, "plan", "orch", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(["allocation", "cost", "optimal", "lowerBound", "gap", "hosts"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["fm", "lp", "DAC"], root.GetProperty("allocation").EnumerateObject().Select(p => p.Name));
        var cost = root.GetProperty("cost");
        Assert.Equal(["alpha", "overflow", "remoteLinks", "remoteChannels", "localLinks", "total"],
            cost.EnumerateObject().Select(p => p.Name));
        Assert.Equal((3, 0, 0, 2, 0), (cost.GetProperty("alpha").GetInt32(), cost.GetProperty("overflow").GetInt32(),
            cost.GetProperty("remoteLinks").GetInt32(), cost.GetProperty("localLinks").GetInt32(),
            cost.GetProperty("total").GetInt32()));
        Assert.True(root.GetProperty("optimal").GetBoolean());
        Assert.Equal((0, 0), (root.GetProperty("lowerBound").GetInt32(), root.GetProperty("gap").GetInt32()));
        var hosts = root.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(["name", "cores", "load", "blocks"], hosts[0].EnumerateObject().Select(p => p.Name));
        var used = hosts.Single(h => h.GetProperty("load").GetInt32() > 0);
        Assert.Equal(2, used.GetProperty("load").GetInt32());
        Assert.Equal(["fm", "lp", "DAC"], used.GetProperty("blocks").EnumerateArray().Select(b => b.GetString()));
    }

    /// <summary>A random graph of 300 low-passes on 12 machines: beyond the exact search, so the answer is the
    /// heuristic's, with a proven lower bound and the gap to it; the same every time.</summary>
    [Fact]
    public void A_large_plan_reports_its_lower_bound_and_gap_and_is_the_same_every_time()
    {
        using var files = OrchestraFiles.Create();
        var random = new Random(3);
        var blocks = string.Join(", ", Enumerable.Range(0, 300).Select(i => $"\"b{i}\": {{ \"module\": \"lp\" }}"));
        var connections = string.Join(", ", Enumerable.Range(1, 299).Select(i => (random.Next(i), i))
            .Concat(Enumerable.Range(0, 150).Select(_ => (random.Next(300), random.Next(300))))
            .Where(e => e.Item1 != e.Item2).Distinct()
            .Select(e => $"{{ \"source\": \"b{e.Item1}\", \"sink\": \"b{e.Item2}\" }}"));
        files.Write("synthdef.json", $"{{ \"blocks\": {{ {blocks} }}, \"connections\": [ {connections} ] }}")
            .Write("hosts.json", "[" + string.Join(", ", Enumerable.Range(1, 12).Select(i =>
                $"{{ \"name\": \"h{i}\", \"host\": \"10.0.0.{i}\", \"username\": \"u\", \"cores\": 30 }}")) + "]");

        var first = OrchestraCli.Run(files.Root, "plan", "orch", "--json");
        var second = OrchestraCli.Run(files.Root, "plan", "orch", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        using var json = JsonDocument.Parse(first.Stdout);
        var root = json.RootElement;
        var total = root.GetProperty("cost").GetProperty("total").GetDouble();
        var bound = root.GetProperty("lowerBound").GetDouble();
        Assert.False(root.GetProperty("optimal").GetBoolean());
        Assert.Equal(0, root.GetProperty("cost").GetProperty("overflow").GetInt32());
        Assert.InRange(bound, 0, total - 1);
        Assert.Equal(Math.Round((total - bound) / total, 6), root.GetProperty("gap").GetDouble());
    }

    [Theory]
    [InlineData("base-example", null)]
    [InlineData("fm-lp-multi-host-example", null)]
    [InlineData("fm-lp-example", "base-example/slaves.json")]
    public void Prototype_fixtures_get_proven_optimal_plans(string fixture, string? hosts)
    {
        string[] args = hosts is null
            ? ["plan", Fixture(fixture), "--json"]
            : ["plan", Fixture(fixture), "--hosts", Fixture(hosts), "--json"];

        var result = OrchestraCli.Run(OrchestraCli.RepositoryRoot, args);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("optimal").GetBoolean());
        Assert.Equal(7, json.RootElement.GetProperty("allocation").EnumerateObject().Count());
    }

    [Fact]
    public void People_see_machines_remote_links_and_cost()
    {
        var result = OrchestraCli.Run(OrchestraCli.RepositoryRoot, "plan", Fixture("base-example"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("VagrantHost4 (alias xenakis)", result.Stdout);
        Assert.Contains("Remote links (3):", result.Stdout);
        Assert.Contains("  lp → lp2    (VagrantHost4 → DockerHost5, 1 ch)\n"
            + "  lp4 → dac   (VagrantHost4 → DockerHost5, 1 ch)", result.Stdout);
        Assert.Contains("Cost: α 7 × overflow 3 + remote links 3 = 24 (3 local links); proven optimal",
            result.Stdout);
    }

    [Fact]
    public void Alpha_changes_the_weight_of_overflow()
    {
        using var files = OrchestraFiles.Create()
            .Write("hosts.json", """[{ "name": "h1", "host": "h1.example", "username": "music", "cores": 1 }]""");

        var result = OrchestraCli.Run(files.Root, "plan", "orch", "--json", "--alpha", "0.5");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(0.5, json.RootElement.GetProperty("cost").GetProperty("alpha").GetDouble());
        Assert.Equal(0.5, json.RootElement.GetProperty("cost").GetProperty("total").GetDouble());
    }

    [Theory]
    [InlineData("plan", "orch", "--nonsense")]
    [InlineData("plan")]
    [InlineData("plan", "orch", "--alpha", "-1")]
    [InlineData("frobnicate")]
    public void Bad_command_lines_exit_2(params string[] args)
    {
        using var files = OrchestraFiles.Create();

        var result = OrchestraCli.Run(files.Root, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("orchestra: error: ", result.Stderr);
    }

    [Fact]
    public void Warnings_do_not_fail_the_plan()
    {
        using var files = OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"a": {"module": "lp"}, "b": {"module": "lp"}},
             "connections": [{"source": "a", "sink": "b"}, {"source": "b", "sink": "a"}]}
            """);

        var result = OrchestraCli.Run(files.Root, "plan", "orch");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["orch/synthdef.json:2:48: warning: feedback loop: a → b → a ($.connections[1])"],
            result.StderrLines);
    }
}
