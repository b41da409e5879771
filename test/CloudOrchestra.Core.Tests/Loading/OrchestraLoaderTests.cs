using CloudOrchestra.Diagnostics;
using CloudOrchestra.Loading;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Tests.Loading;

/// <summary>
/// What loading makes of valid files, and that problems are all collected. The exact message of every
/// kind of error is asserted by the CLI's broken-orchestra suite, which runs the real command.
/// </summary>
public sealed class OrchestraLoaderTests
{
    private static LoadResult Load(OrchestraFiles files, bool requireHosts = true) =>
        OrchestraLoader.Load(files.Directory, null, requireHosts);

    [Fact]
    public void Valid_orchestra_loads_with_defaults_filled_in()
    {
        using var files = OrchestraFiles.Create();

        var result = Load(files);

        Assert.True(result.Succeeded);
        var fm = result.Orchestra!.Find("fm")!;
        Assert.Equal((0, 1, 1), (fm.Module.Inputs, fm.Module.Outputs, fm.Module.Cores));
        var toDac = result.Orchestra.Connections[1];
        Assert.Equal(("lp", "DAC", 1, 1, 1),
            (toDac.Source, toDac.Sink, toDac.SourcePort, toDac.SinkPort, toDac.Channels));
        Assert.Equal(["h1", "h2"], result.Resources!.Hosts.Select(h => h.Name));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        using var files = OrchestraFiles.Create()
            .Write("synthdef.json", """{"blocks": {"fm": {"module": "nope"}, "lp": {"module": "lp", "host": "h9"}}}""")
            .Write("hosts.json", """[{"name": "h1", "host": "a b", "username": "music", "cores": 0}]""");

        var errors = Load(files).Diagnostics.Where(d => d.IsError).Select(d => d.Message).ToList();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, m => m.StartsWith("block 'fm': unknown module 'nope'", StringComparison.Ordinal));
        Assert.Contains("host 'h1': address 'a b' is not a hostname or IP address", errors);
        Assert.Contains("host 'h1': 'cores' must be from 1 to 4096, but is 0", errors);
    }

    [Fact]
    public void A_machine_listed_twice_is_reported_beside_its_other_problems()
    {
        using var files = OrchestraFiles.Create().Write("hosts.json", """
            [{"name": "h1", "host": "10.0.0.1", "username": "music", "cores": 1},
             {"name": "h1", "host": "a b", "username": "music", "cores": 1}]
            """);

        var errors = Load(files).Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.EndsWith(
            "hosts.json:2:25: error: host 'h1': address 'a b' is not a hostname or IP address ($[1].host)",
            StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith(
            "hosts.json:2:2: error: host 'h1' is listed twice (first at line 1) ($[1])", StringComparison.Ordinal));
    }

    [Fact]
    public void The_studios_layout_is_accepted_and_ignored()
    {
        using var files = OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"fm": {"module": "fm"}, "lp": {"module": "lp"}},
             "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}],
             "layout": {"fm": {"x": 40, "y": 40}, "lp": {"x": 270.5, "y": 40}, "gone": {"x": 0, "y": 0}}}
            """);

        var result = Load(files);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["fm", "lp", "DAC"], result.Orchestra!.Blocks.Select(b => b.Name));
    }

    [Fact]
    public void Hosts_file_defaults_to_hosts_json_then_slaves_json()
    {
        using var files = OrchestraFiles.Create();
        files.Write("slaves.json", """[{"name": "s1", "host": "s1.example", "username": "music", "cores": 1}]""");

        Assert.Equal("hosts.json", Path.GetFileName(Load(files).Resources!.File));
        files.Delete("hosts.json");
        Assert.Equal(["s1"], Load(files).Resources!.Hosts.Select(h => h.Name));
    }

    [Fact]
    public void Without_a_hosts_file_validation_checks_only_the_synthdef()
    {
        using var files = OrchestraFiles.Create().Delete("hosts.json");

        Assert.True(Load(files, requireHosts: false).Succeeded);
        Assert.False(Load(files, requireHosts: true).Succeeded);
    }

    [Fact]
    public void Feedback_loops_are_legal_but_warned_about()
    {
        using var files = OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"a": {"module": "lp"}, "b": {"module": "lp"}, "c": {"module": "lp"}},
             "connections": [{"source": "a", "sink": "b"}, {"source": "b", "sink": "c"}, {"source": "c", "sink": "a"}]}
            """);

        var result = Load(files);

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("feedback loop: a → b → c → a", warning.Message);
        Assert.Equal((2, 78), (warning.Location.Line, warning.Location.Column));
    }

    [Fact]
    public void Block_parameters_and_dac_channels_are_kept()
    {
        using var files = OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"fm": {"module": "fm", "params": {"freq": 220, "wave": "saw", "on": true}},
                        "out": {"module": "DAC", "channels": 2}},
             "connections": [{"source": "fm", "sink": "out", "sinkPort": 2}]}
            """);

        var orchestra = Load(files).Orchestra!;

        Assert.Equal(new Dictionary<string, string> { ["freq"] = "220", ["on"] = "true", ["wave"] = "saw" },
            orchestra.Find("fm")!.Parameters);
        Assert.Equal(2, orchestra.Find("out")!.Module.Inputs);
        Assert.Equal((2, 1), (orchestra.Connections[0].SinkPort, orchestra.Connections[0].Channels));
    }

    [Fact]
    public void A_pin_names_an_alias_before_a_machine()
    {
        using var files = OrchestraFiles.Create().Write("synthdef.json", """
            {"hosts": {"h2": {}}, "blocks": {"fm": {"module": "fm", "host": "h2"}}}
            """);

        var orchestra = Load(files).Orchestra!;

        Assert.True(orchestra.IsAlias(orchestra.Find("fm")!.Pin!.Host));
    }

    [Fact]
    public void A_chain_of_100000_blocks_with_a_loop_at_its_end_loads_and_is_warned_about_once()
    {
        // Deeper than a thread's stack, for a search that calls itself once per block of the chain.
        const int Length = 100_000;
        var blocks = string.Join(", ", Enumerable.Range(0, Length).Select(i => $"\"b{i}\": {{\"module\": \"lp\"}}"));
        var chain = string.Join(", ", Enumerable.Range(0, Length - 1)
            .Select(i => $"{{\"source\": \"b{i}\", \"sink\": \"b{i + 1}\"}}"));
        using var files = OrchestraFiles.Create().Write("synthdef.json",
            $"{{\"blocks\": {{{blocks}}}, \"connections\": [{chain}, "
            + $"{{\"source\": \"b{Length - 1}\", \"sink\": \"b{Length - 2}\"}}]}}");

        var result = Load(files);

        Assert.True(result.Succeeded);
        Assert.Equal(Length, result.Orchestra!.Connections.Length);
        Assert.Equal($"feedback loop: b{Length - 2} → b{Length - 1} → b{Length - 2}",
            Assert.Single(result.Diagnostics).Message);
    }
}
