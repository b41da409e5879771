using System.Diagnostics;
using System.Text.Json;
using CloudOrchestra.Testing;
using Xunit.Abstractions;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// End to end on a local cloud with real sshd, jackd, jacktrip and csound: deploy, check what the listener
/// hears in a recorded WAV, tear down, and read the machines' process tables.
/// </summary>
[Collection("cli")]
public sealed class UpCommandTests(LocalCloudFixture fixture, ITestOutputHelper output)
    : EndToEndTests(fixture, output), IClassFixture<LocalCloudFixture>
{
    [RootFact]
    public void Example_spread_over_three_machines_is_heard_at_the_listener_and_down_leaves_nothing() => WithLogs(() =>
    {
        Orchestra("init", "demo");

        var up = Up("demo");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("fm → lp", up.Stdout);
        var plan = Orchestra("plan", "demo", "--hosts", Cloud.HostsFile, "--json");
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            var allocation = json.RootElement.GetProperty("allocation");
            Assert.Equal(3,
                new[] { "fm", "lp", "lp2" }.Select(b => allocation.GetProperty(b).GetString()).Distinct().Count());
        }
        var status = Orchestra("status", "demo", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var (hz, dbfs) = Listen("demo");
        Assert.InRange(hz, 437, 443);
        Assert.InRange(dbfs, -25, -15);

        var down = Orchestra("down", "demo");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Cloud.LeftoverProcesses("demo"));
    });

    [RootFact]
    public void A_chain_across_three_machines_reaches_the_listener() => WithLogs(() =>
    {
        using var files = OrchestraFiles.Create();
        Orchestra("init", "chain");
        File.WriteAllText(Path.Combine(Root, "chain", "synthdef.json"), """
            {"blocks": {"source": {"module": "fm", "host": "node1"}, "effect": {"module": "lp", "host": "node2"},
                        "out": {"module": "DAC", "host": "node3"}},
             "connections": [{"source": "source", "sink": "effect"}, {"source": "effect", "sink": "out"}]}
            """);

        var up = Up("chain", "--hosts", Cloud.HostsFile);

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("source → effect   (node1 → node2, 1 ch)", up.Stdout);
        Assert.Contains("effect → out      (node2 → node3, 1 ch)", up.Stdout);
        var (hz, dbfs) = Listen("chain");
        Assert.InRange(hz, 437, 443);
        Assert.InRange(dbfs, -25, -15);
    });

    [RootFact]
    public void Live_listening_meters_what_plays_and_status_finds_a_hung_synth() => WithLogs(() =>
    {
        Orchestra("init", "live");
        File.WriteAllText(Path.Combine(Root, "live", "synthdef.json"), """
            {"blocks": {"source": {"module": "fm", "host": "node1"}, "effect": {"module": "lp", "host": "node2"}},
             "connections": [{"source": "source", "sink": "effect"}, {"source": "effect", "sink": "DAC"}]}
            """);
        Assert.Equal(0, Up("live", "--hosts", Cloud.HostsFile).ExitCode);

        var live = Orchestra("listen", "live", "--seconds", "1.5", "--json");

        Assert.True(live.ExitCode == 0, live.ToString());
        var lines = live.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.InRange(lines.Count, 5, 8);                     // a reading every quarter second, then the whole
        Assert.All(lines[..^1], l => Assert.InRange(l.GetProperty("dominantHz").GetDouble(), 430, 450));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());
        Assert.InRange(lines[^1].GetProperty("rmsDbfs").GetDouble(), -25, -15);

        // A synth stopped by a signal still exists but makes no sound: status must not call it alive.
        var effect = OrchestraCli.RunProgram("pgrep", Root, Cloud.Environment,
            "-u", LocalCloudFixture.User(2), "-x", "csound").Stdout.Trim();
        Assert.Matches(@"^\d+$", effect);
        OrchestraCli.RunProgram("kill", Root, Cloud.Environment, "-STOP", effect);
        try
        {
            var status = Orchestra("status", "live");
            Assert.True(status.ExitCode == 1, status.ToString());
            Assert.Contains("effect (stopped)", status.Stdout);
            // JACK is not asked about node2's wiring: its server waits on the stopped client, and so would the agent's
            // own client, or jack_lsp's, for ever. Nothing of the status call stays behind on the machine.
            var json = JsonDocument.Parse(Orchestra("status", "live", "--json").Stdout).RootElement
                .GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "node2");
            Assert.Equal("stopped", json.GetProperty("states").GetProperty("effect").GetString());
            Assert.All(json.GetProperty("wires").EnumerateArray(),
                w => Assert.Equal(JsonValueKind.Null, w.GetProperty("connected").ValueKind));
            string Lingering() => OrchestraCli.RunProgram("pgrep", Root, Cloud.Environment, "-a", "-u",
                LocalCloudFixture.User(2), "-f", "orchestra-agent|jack_lsp|jack-ops").Stdout;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Lingering().Length > 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.Equal("", Lingering());
        }
        finally
        {
            OrchestraCli.RunProgram("kill", Root, Cloud.Environment, "-CONT", effect);
        }
        Assert.Equal(0, Orchestra("status", "live").ExitCode);
    });

    /// <summary>
    /// orchestra generate: run.sh gives the listener the same sound as up, status.sh finds it healthy, teardown.sh
    /// leaves nothing; then the Ansible playbook likewise. The sound is judged from listen.sh's recording.
    /// </summary>
    [RootFact]
    public void Generated_scripts_and_playbook_deploy_what_up_deploys_and_their_teardowns_leave_nothing() =>
        WithLogs(() =>
    {
        Orchestra("init", "gen");
        File.WriteAllText(Path.Combine(Root, "gen", "synthdef.json"), """
            {"blocks": {"source": {"module": "fm", "host": "node1"}, "effect": {"module": "lp", "host": "node2"}},
             "connections": [{"source": "source", "sink": "effect"}, {"source": "effect", "sink": "DAC"}]}
            """);
        var generate = Orchestra("generate", "gen", "--hosts", Cloud.HostsFile);
        Assert.True(generate.ExitCode == 0, generate.ToString());
        var gen = Path.Combine(Root, "gen", "gen");
        OrchestraCli.Result Run(string program, params string[] args) =>
            OrchestraCli.RunProgram(program, gen, Cloud.Environment, args);
        (double Hz, double Dbfs) Heard(string name)
        {
            var wav = Path.Combine(Root, $"{name}.wav");
            var listen = Run(Path.Combine(gen, "listen.sh"), "--record", wav, "--seconds", "2");
            Assert.True(listen.ExitCode == 0, listen.ToString());
            var heard = CloudOrchestra.Audio.Spectrum.Of(CloudOrchestra.Audio.WavFile.Read(wav));
            return (heard.DominantHz, heard.RmsDbfs);
        }

        var run = Run(Path.Combine(gen, "run.sh"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("gen is up: node1, node2, (listener)", run.Stdout);
        Assert.True(Run(Path.Combine(gen, "status.sh")).ExitCode == 0);
        var (hz, dbfs) = Heard("bash");
        Assert.InRange(hz, 437, 443);
        Assert.InRange(dbfs, -25, -15);
        var teardown = Run(Path.Combine(gen, "teardown.sh"));
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Empty(Cloud.LeftoverProcesses("gen"));

        var up = Run("ansible-playbook", "-i", "ansible/inventory.ini", "ansible/up.yml");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.True(Run(Path.Combine(gen, "status.sh")).ExitCode == 0);
        var running = Run(Path.Combine(gen, "status.sh")).Stdout;
        // up already: it stays as it is
        var again = Run("ansible-playbook", "-i", "ansible/inventory.ini", "ansible/up.yml");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(running, Run(Path.Combine(gen, "status.sh")).Stdout);
        (hz, dbfs) = Heard("ansible");
        Assert.InRange(hz, 437, 443);
        Assert.InRange(dbfs, -25, -15);
        var down = Run("ansible-playbook", "-i", "ansible/inventory.ini", "ansible/down.yml");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Cloud.LeftoverProcesses("gen"));
    });

    /// <summary>
    /// run.sh decides as up does: run again on an orchestra that is up, it starts nothing; after a run that never
    /// finished (its processes running, the run not marked up), it stops what that run started, then comes up again.
    /// </summary>
    [RootFact]
    public void Run_sh_leaves_an_orchestra_that_is_up_as_it_is_and_stops_an_unfinished_run_first() => WithLogs(() =>
    {
        Orchestra("init", "again");
        Assert.Equal(0, Orchestra("generate", "again", "--hosts", Cloud.HostsFile, "--format", "bash").ExitCode);
        var gen = Path.Combine(Root, "again", "gen");
        OrchestraCli.Result Run(string script, params string[] args) =>
            OrchestraCli.RunProgram(Path.Combine(gen, script), gen, Cloud.Environment, args);
        Assert.Equal(0, Run("run.sh").ExitCode);
        var first = Run("status.sh");
        Assert.True(first.ExitCode == 0, first.ToString());

        var again = Run("run.sh");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("again is already up; teardown.sh stops it", again.Stderr);
        Assert.Equal(first.Stdout, Run("status.sh").Stdout);   // the same processes, none started twice

        File.Delete(Path.Combine(gen, ".up"));   // as a run killed before its last step leaves it
        var resumed = Run("run.sh");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("an earlier run.sh did not finish; stopping what it started first", resumed.Stderr);
        var status = Run("status.sh");
        Assert.True(status.ExitCode == 0, status.ToString());
        static IEnumerable<string> Processes(string status) =>
            status.Split('\n').Where(l => l.Contains(" alive ", StringComparison.Ordinal));
        Assert.NotEmpty(Processes(status.Stdout));
        // every process is a new one (its pid)
        Assert.Empty(Processes(status.Stdout).Intersect(Processes(first.Stdout)));
        var wav = Path.Combine(Root, "again.wav");
        var listen = Run("listen.sh", "--record", wav, "--seconds", "2");
        Assert.True(listen.ExitCode == 0, listen.ToString());
        var heard = CloudOrchestra.Audio.Spectrum.Of(CloudOrchestra.Audio.WavFile.Read(wav));
        Assert.InRange(heard.DominantHz, 437, 443);
        Assert.InRange(heard.RmsDbfs, -25, -15);
        Assert.Equal(0, Run("teardown.sh").ExitCode);
        Assert.Empty(Cloud.LeftoverProcesses("again"));
        Assert.False(File.Exists(Path.Combine(gen, ".started")));
    });

    [RootFact]
    public void A_generated_run_that_fails_stops_what_it_started_and_says_where() => WithLogs(() =>
    {
        Orchestra("init", "genfail");
        var csd = Path.Combine(Root, "genfail", "fm", "fm.csd");
        File.WriteAllText(csd, File.ReadAllText(csd).Replace("foscili", "foscilli"));   // a Csound syntax error
        Assert.Equal(0, Orchestra("generate", "genfail", "--hosts", Cloud.HostsFile, "--format", "bash").ExitCode);
        var gen = Path.Combine(Root, "genfail", "gen");

        var run = OrchestraCli.RunProgram(Path.Combine(gen, "run.sh"), gen, Cloud.Environment);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("fm exited", run.Stdout);
        Assert.Contains("the deployment failed: stopping everything that was started", run.Stderr);
        Assert.Empty(Cloud.LeftoverProcesses("genfail"));
        Assert.False(File.Exists(Path.Combine(gen, ".started")));
    });

    /// <summary>
    /// The web studio's API deploys with the same library: progress streamed, status healthy, heard, torn down.
    /// </summary>
    [RootFact]
    public void The_studio_deploys_streams_progress_reports_status_and_tears_down() => WithLogs(() =>
    {
        Orchestra("init", "studio");
        File.WriteAllText(Path.Combine(Root, "studio", "synthdef.json"), """
            {"blocks": {"source": {"module": "fm", "host": "node1"}, "effect": {"module": "lp", "host": "node2"}},
             "connections": [{"source": "source", "sink": "effect"}, {"source": "effect", "sink": "DAC"}]}
            """);
        Deployed("studio");
        using var serve = new ServeProcess(Root, Cloud.Environment,
            "studio", "--port", "0", "--hosts", Cloud.HostsFile);
        using var client = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        // Posts the operation, then reads the event stream (what happened so far, then live) until its outcome.
        List<System.Text.Json.JsonElement> Run(string operation)
        {
            var accepted = client.PostAsync($"/api/{operation}", null).GetAwaiter().GetResult();
            Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
            using var stream = client.GetStreamAsync("/api/events").GetAwaiter().GetResult();
            using var reader = new StreamReader(stream);
            var events = new List<System.Text.Json.JsonElement>();
            while (reader.ReadLine() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var e = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                events.Add(e);
                if (e.GetProperty("event").GetString() == "done") break;
            }
            return events;
        }

        var up = Run("deploy");

        var done = up[^1];
        Assert.True(done.GetProperty("ok").GetBoolean(), done.ToString());
        Assert.Contains(up, e => e.GetProperty("event").GetString() == "succeeded"
            && e.GetProperty("step").GetString() == "Verify"
            && e.GetProperty("machine").GetString() == "node2");
        var status = client.GetAsync("/api/status").GetAwaiter().GetResult();
        Assert.True(JsonDocument.Parse(status.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement
            .GetProperty("healthy").GetBoolean());
        var (hz, dbfs) = Listen("studio");
        Assert.InRange(hz, 437, 443);
        Assert.InRange(dbfs, -25, -15);

        var down = Run("teardown");

        Assert.True(down[^1].GetProperty("ok").GetBoolean(), down[^1].ToString());
        Assert.Empty(Cloud.LeftoverProcesses("studio"));
    });

    /// <summary>
    /// Each engine beside Csound: its tone, through a Csound low-pass on another machine, reaches the listener; and
    /// each that takes OSC (all but the command) changes its pitch when sent a message by the block's name, the way its
    /// module's comments say.
    /// </summary>
    [RootTheory]
    [InlineData("pdtone", 550, "/freq f:660", 660)]
    [InlineData("metro", 660, null, 0)]
    [InlineData("sctone", 770, "/n_set i:1000 s:freq f:440", 440)]
    [InlineData("cktone", 990, "/freq f:880", 880)]
    public void A_tone_from_each_engine_passes_an_effect_on_another_machine_and_is_heard(string module, double hz,
        string? message, double after) => WithLogs(() =>
    {
        var dir = $"engine-{module}";
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "engines"),
            Path.Combine(Root, dir));
        File.WriteAllText(Path.Combine(Root, dir, "synthdef.json"), $$"""
            {"blocks": {"tone": {"module": "{{module}}", "host": "node1"},
                        "effect": {"module": "lp", "host": "node2"} },
             "connections": [{"source": "tone", "sink": "effect"}, {"source": "effect", "sink": "DAC"}] }
            """);

        var up = Up(dir, "--hosts", Cloud.HostsFile);

        Assert.True(up.ExitCode == 0, up.ToString());
        var status = Orchestra("status", dir, "--json");
        // wired as planned
        Assert.True(JsonDocument.Parse(status.Stdout).RootElement.GetProperty("healthy").GetBoolean(), status.Stdout);
        var (heard, dbfs) = Listen(dir);
        Assert.InRange(heard, hz - 4, hz + 4);
        Assert.InRange(dbfs, -40, -6);
        if (message is not null)
        {
            var send = Orchestra(["send", dir, "tone", .. message.Split(' ')]);
            Assert.True(send.ExitCode == 0, send.ToString());
            Assert.InRange(Listen(dir).Hz, after - 4, after + 4);
        }
        Assert.Equal(0, Orchestra("down", dir).ExitCode);
        Assert.Empty(Cloud.LeftoverProcesses(dir));
    });

    /// <summary>
    /// A templated module's blocks render their own files: each plays its own frequency, one per DAC channel.
    /// </summary>
    [RootFact]
    public void Two_blocks_of_one_templated_module_play_their_own_frequencies() => WithLogs(() =>
    {
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "engines"),
            Path.Combine(Root, "templated"));
        File.WriteAllText(Path.Combine(Root, "templated", "synthdef.json"), """
            {"blocks": {"low": {"module": "sine", "host": "node1", "params": {"freq": 330}},
                        "high": {"module": "sine", "host": "node2", "params": {"freq": 880}},
                        "dac": {"module": "DAC", "channels": 2}},
             "connections": [{"source": "low", "sink": "dac"}, {"source": "high", "sink": "dac", "sinkPort": 2}]}
            """);

        var up = Up("templated", "--hosts", Cloud.HostsFile);

        Assert.True(up.ExitCode == 0, up.ToString());
        var wav = Path.Combine(Root, "templated.wav");
        Assert.Equal(0, Orchestra("listen", "templated", "--record", wav, "--seconds", "2").ExitCode);
        var heard = CloudOrchestra.Audio.WavFile.Read(wav);
        Assert.Equal(2, heard.Channels.Length);
        Assert.InRange(CloudOrchestra.Audio.Spectrum.Of(heard.Channels[0], heard.SampleRate).DominantHz, 327, 333);
        Assert.InRange(CloudOrchestra.Audio.Spectrum.Of(heard.Channels[1], heard.SampleRate).DominantHz, 875, 885);
        Assert.Equal(0, Orchestra("down", "templated").ExitCode);
        Assert.Empty(Cloud.LeftoverProcesses("templated"));
    });

    /// <summary>
    /// Two orchestras whose synths share a machine, played from one listener: each deployment's links get ports of
    /// their own at up (both would otherwise take 4464 there and at the listener, and the second could not bind its
    /// socket).
    /// </summary>
    [RootFact]
    public void Two_orchestras_sharing_a_machine_and_the_listener_are_both_heard() => WithLogs(() =>
    {
        foreach (var (dir, freq) in new[] { ("low", 330), ("high", 880) })
        {
            OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "engines"),
                Path.Combine(Root, dir));
            File.WriteAllText(Path.Combine(Root, dir, "synthdef.json"), $$"""
                {"blocks": {"tone": {"module": "sine", "host": "node1", "params": {"freq": {{freq}} } } },
                 "connections": [{"source": "tone", "sink": "DAC"}]}
                """);
        }

        var low = Up("low", "--hosts", Cloud.HostsFile);
        var high = Up("high", "--hosts", Cloud.HostsFile);

        Assert.True(low.ExitCode == 0, low.ToString());
        Assert.True(high.ExitCode == 0, high.ToString());
        Assert.InRange(Listen("low").Hz, 327, 333);
        Assert.InRange(Listen("high").Hz, 875, 885);
        Assert.Equal(0, Orchestra("down", "low").ExitCode);
        Assert.InRange(Listen("high").Hz, 875, 885);     // the other plays on
        Assert.Equal(0, Orchestra("down", "high").ExitCode);
        Assert.Empty(Cloud.LeftoverProcesses("high"));
    });

    [RootFact]
    public void Up_on_an_orchestra_that_is_up_says_so_instead_of_starting_twice() => WithLogs(() =>
    {
        Orchestra("init", "twice");
        Assert.Equal(0, Up("twice").ExitCode);

        var again = Up("twice");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("twice is already up", again.Stderr);
        Assert.DoesNotContain("start jackd", again.Stdout);
    });

    public static TheoryData<string, string, string[]> Failures => new()
    {
        // name, what to break, texts the error must show
        { "synth exits at start", "exits",
            ["block 'fm'", "start synth failed", "fm exited before registering fm:output1; its log ends:"] },
        { "csound syntax error", "syntax", ["block 'fm'", "start synth failed", "error"] },
        { "unreachable machine", "unreachable", ["node2", "sync files failed"] },
        { "jackd will not start", "jack", ["node2", "start jackd failed", "jackd exited at start"] },
        { "manifest names ports the synth does not make", "ports",
            ["block 'fm'", "did not register fm:out_9", "(fm has: fm:60_bpm)"] },
        // A carriage return in a synth's log once broke the agent's replies apart ("answered 'progress 2' instead of a
        // reply").
        { "synth whose log has carriage returns", "cr",
            ["block 'fm'", "fm exited before registering fm:out; its log ends:", "progress 1\rprogress 2"] },
    };

    [RootTheory]
    [MemberData(nameof(Failures))]
    public void A_failure_gives_a_clear_error_and_leaves_no_process_behind(string name, string breakage,
        string[] expected) => WithLogs(() =>
    {
        var dir = $"broken-{breakage}";
        Orchestra("init", dir);
        File.WriteAllText(Path.Combine(Root, dir, "synthdef.json"), """
            {"blocks": {"fm": {"module": "fm", "host": "node2"}, "lp": {"module": "lp", "host": "node1"}},
             "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}]}
            """);
        var hosts = Cloud.HostsFile;
        var csd = Path.Combine(Root, dir, "fm", "fm.csd");
        switch (breakage)
        {
            // exitnow outside any instrument: Csound ends as it starts, before it opens JACK. (A note of 10 ms instead
            // left it running for 0.1 s after its ports appeared, and 'up' then finished first, or not, by chance.)
            case "exits":
                File.WriteAllText(csd, File.ReadAllText(csd).Replace("instr 1\n", "exitnow\ninstr 1\n")); break;
            case "syntax": File.WriteAllText(csd, File.ReadAllText(csd).Replace("foscili", "foscilli")); break;
            case "unreachable": hosts = Cloud.HostsFileWith("node2", h => h["host"] = "10.77.8.99"); break;
            case "ports": File.WriteAllText(Path.Combine(Root, dir, "fm", "manifest.json"), """
                {"synth": "command", "command": ["jack_metro", "-n", "{block}", "-b", "60", "-f", "660", "-D", "900"],
                 "ports": {"outputs": ["{block}:out_9"]}}
                """); break;
            case "jack": hosts = Cloud.HostsFileWith("node2", h => h["jack"] =
                new System.Text.Json.Nodes.JsonObject { ["driver"] = "alsa", ["device"] = "hw:97" }); break;
            case "cr": File.WriteAllText(Path.Combine(Root, dir, "fm", "manifest.json"), """
                {"synth": "command", "command": ["sh", "-c", "printf 'progress 1\\rprogress 2\\r' >&2; exit 1"],
                 "ports": {"outputs": ["{block}:out"]}}
                """); break;
        }

        var up = Up(dir, "--hosts", hosts);

        Assert.True(up.ExitCode == 1, $"{name}: {up}");
        foreach (var text in expected) Assert.Contains(text, up.Stderr);
        Assert.Contains("everything that was started has been stopped", up.Stderr);
        Assert.Empty(Cloud.LeftoverProcesses(dir));
        var down = Orchestra("down", dir);
        Assert.True(down.ExitCode == 0, down.ToString());
    });
}
