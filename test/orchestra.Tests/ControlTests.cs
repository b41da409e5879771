using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CloudOrchestra.Deployment;
using CloudOrchestra.Osc;
using CloudOrchestra.Testing;
using Xunit.Abstractions;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// Playing a deployed orchestra: OSC by block name through the nodes, from <c>orchestra send</c>, from any OSC program
/// at the conductor's port and from another block through its own machine's node, judged by what the listener hears;
/// and one clock, on machines whose clocks are each set apart by up to 10,000 s.
/// </summary>
[Collection("cli")]
public sealed class ControlTests(ClockedCloudFixture fixture, ITestOutputHelper output)
    : EndToEndTests(fixture, output), IClassFixture<ClockedCloudFixture>
{
    /// <summary>examples/play, its sine pinned to node1 and the block that plays it to node2.</summary>
    private string WritePlay(string dir)
    {
        var target = Path.Combine(Root, dir);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "play"),
            "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target,
                Path.GetRelativePath(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "play"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        File.WriteAllText(Path.Combine(target, "synthdef.json"), """
            {"blocks": {"sine": {"module": "sine", "host": "node1"}, "poke": {"module": "poke", "host": "node2"}},
             "connections": [{"source": "sine", "sink": "DAC"}]}
            """);
        return target;
    }

    private void HearsAbout(string dir, double hz)
    {
        var (heard, dbfs) = Listen(dir);
        Assert.InRange(heard, hz - 3, hz + 3);
        Assert.InRange(dbfs, -25, -10);
    }

    /// <summary>The conductor's own count of what it routed, from its OSC port.</summary>
    private static int Routed(int port)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Client.ReceiveTimeout = 5000;
        socket.Send(OscCodec.Encode(new OscMessage("/.node/stats")), new IPEndPoint(IPAddress.Loopback, port));
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var buffer = new byte[65536];
        var length = socket.Client.ReceiveFrom(buffer, ref from);
        Assert.True(OscCodec.TryDecode(buffer.AsSpan(0, length), out var reply, out var error), error);
        var json = ((OscValue.Text)((OscMessage)reply!).Arguments[0]).Value;
        return JsonDocument.Parse(json).RootElement.GetProperty("forwarded").GetInt32();
    }

    private static void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within 10 s");
            Thread.Sleep(20);
        }
    }

    [RootFact]
    public void A_sine_follows_freq_from_send_from_an_osc_program_and_from_another_block_on_another_machine() =>
        WithLogs(() =>
    {
        var dir = WritePlay("play");
        var up = Up("play");
        Assert.True(up.ExitCode == 0, up.ToString());
        HearsAbout("play", 440);

        var send = Orchestra("send", "play", "sine", "/freq", "f:660", "--json");

        Assert.True(send.ExitCode == 0, send.ToString());
        using (var sent = JsonDocument.Parse(send.Stdout))
        {
            Assert.Equal("node1", sent.RootElement.GetProperty("machine").GetString());
            Assert.Equal("handed", sent.RootElement.GetProperty("state").GetString());
            Assert.Equal("latest", sent.RootElement.GetProperty("mode").GetString());
        }
        HearsAbout("play", 660);

        // Any OSC program, at the port status reports.
        var port = JsonDocument.Parse(Orchestra("status", "play", "--json").Stdout).RootElement
            .GetProperty("control").GetProperty("oscPort").GetInt32();
        var routed = Routed(port);
        var oscsend = Run("oscsend", "127.0.0.1", $"{port}", "/sine/freq", "f", "550");
        Assert.True(oscsend.ExitCode == 0, oscsend.ToString());
        Until(() => Routed(port) > routed, "the conductor routed oscsend's message");
        HearsAbout("play", 550);

        // Another block, on node2, through its own node: it sends /sine/freq f 770 once 'go' is beside it.
        routed = Routed(port);
        var id = DeploymentPlanner.IdOf(dir);
        File.WriteAllText($"/home/{LocalCloudFixture.User(2)}/.cloudorchestra/{id}/modules/poke/go", "");
        Until(() => Routed(port) > routed, "the conductor routed the poke's message");
        HearsAbout("play", 770);

        var down = Orchestra("down", "play");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Cloud.LeftoverProcesses(id));
        var after = Orchestra("send", "play", "sine", "/freq", "f:440");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("play is not up: 'orchestra up play' first", after.Stderr);
    });

    [RootFact]
    public void Every_machines_clock_is_found_within_a_millisecond_of_what_its_kernel_says() => WithLogs(() =>
    {
        WritePlay("clocks");
        var up = Up("clocks");
        Assert.True(up.ExitCode == 0, up.ToString());

        // Each node reports once it has measured: a burst of probes, then a report a second.
        JsonElement machines = default;
        Until(() =>
        {
            var clock = Orchestra("clock", "clocks", "--json");
            Assert.True(clock.ExitCode == 0, clock.ToString());
            machines = JsonDocument.Parse(clock.Stdout).RootElement.GetProperty("machines");
            return machines.EnumerateArray().All(m => m.TryGetProperty("offsetMs", out _));
        }, "every machine's clock reported");

        Assert.Equal(["node1", "node2"], machines.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var truths = new[] { Cloud.ClockOffsetMs(1), Cloud.ClockOffsetMs(2) };
        Assert.Contains(truths, t => Math.Abs(t) > 1000);   // clocks of their own (random, up to 10,000 s apart)
        foreach (var (machine, truth) in machines.EnumerateArray().Zip(truths))
        {
            Assert.InRange(machine.GetProperty("offsetMs").GetDouble() - truth, -1, 1);
            Assert.InRange(machine.GetProperty("errorBoundMs").GetDouble(), 0, 1);
        }
        var table = Orchestra("clock", "clocks");
        Assert.Contains("node2", table.Stdout);
    });

    /// <summary>
    /// Timed delivery, on machines whose clocks are thousands of seconds apart: a bundle for 1.5 s from now reaches a
    /// sine on node1 and one on node2 together (each in an ear of its own), 1 s after one for 0.5 s from now; and
    /// <c>send --at</c> is handed over at its time, not before.
    /// </summary>
    /// <remarks>
    /// Both times are held by the nodes, so that what is measured is their handing over: a first message sent at once
    /// made the interval depend on how soon that one arrived, 80 ms late once on a busy computer.
    /// </remarks>
    [RootFact]
    public void A_bundle_for_one_time_reaches_blocks_on_two_machines_together_at_that_time() => WithLogs(() =>
    {
        var dir = WritePlay("timed");
        File.WriteAllText(Path.Combine(dir, "synthdef.json"), """
            {"blocks": {"left": {"module": "sine", "host": "node1"}, "right": {"module": "sine", "host": "node2"},
                        "dac": {"module": "DAC", "channels": 2}},
             "connections": [{"source": "left", "sink": "dac"}, {"source": "right", "sink": "dac", "sinkPort": 2}]}
            """);
        var up = Up("timed");
        Assert.True(up.ExitCode == 0, up.ToString());
        var port = JsonDocument.Parse(Orchestra("status", "timed", "--json").Stdout).RootElement
            .GetProperty("control").GetProperty("oscPort").GetInt32();
        var wav = Path.Combine(Root, "timed.wav");
        var recording = Task.Run(() => Orchestra("listen", "timed", "--record", wav, "--seconds", "4"));
        var server = DeploymentPlan.JackServerOf(DeploymentPlanner.IdOf(dir));
        Until(() => Run("env", $"JACK_DEFAULT_SERVER={server}", "jack_lsp", "-c").Stdout
            .Contains("jackrec:input2\n   "), "the recording's ports are connected");

        using (var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            var conductor = new IPEndPoint(IPAddress.Loopback, port);
            var sent = DateTime.UtcNow;
            socket.Send(OscCodec.Encode(new OscBundle(OscTimeTag.From(sent.AddSeconds(0.5)),
                [new OscMessage("/left/freq", new OscValue.Float32(550))])), conductor);
            socket.Send(OscCodec.Encode(new OscBundle(OscTimeTag.From(sent.AddSeconds(1.5)),
                [new OscMessage("/left/freq", new OscValue.Float32(660)),
                    new OscMessage("/right/freq", new OscValue.Float32(660))])), conductor);
        }
        var recorded = recording.Result;
        Assert.True(recorded.ExitCode == 0, recorded.ToString());

        var heard = CloudOrchestra.Audio.WavFile.Read(wav);
        var (left, right) = (new HeardPitch(heard.Channels[0], heard.SampleRate),
            new HeardPitch(heard.Channels[1], heard.SampleRate));
        var first = left.SteadyFrom(550, 0);
        var timed = left.SteadyFrom(660, first);
        Assert.InRange(timed - first, 0.95, 1.05);
        // Each machine's JACK and link to the listener add their own few periods: the rest would be the clocks.
        Assert.InRange(right.SteadyFrom(660, 0) - timed, -0.05, 0.05);

        var send = Orchestra("send", "timed", "right", "/freq", "f:770", "--at", "1", "--json");
        Assert.True(send.ExitCode == 0, send.ToString());
        using (var sent = JsonDocument.Parse(send.Stdout))
        {
            Assert.Equal("handed", sent.RootElement.GetProperty("state").GetString());
            // Handed at its time by node2's clock, as it maps onto network time (within its error bound, some µs).
            Assert.InRange(sent.RootElement.GetProperty("latencyMs").GetDouble(), 999.9, 1100);
        }
        Assert.Equal(0, Orchestra("listen", "timed", "--record", wav, "--seconds", "1").ExitCode);
        heard = CloudOrchestra.Audio.WavFile.Read(wav);
        Assert.InRange(CloudOrchestra.Audio.Spectrum.Of(heard.Channels[0], heard.SampleRate).DominantHz, 657, 663);
        Assert.InRange(CloudOrchestra.Audio.Spectrum.Of(heard.Channels[1], heard.SampleRate).DominantHz, 767, 773);
    });

    [RootFact]
    public void Send_names_what_is_wrong_and_exits_2_before_it_reaches_for_anything() => WithLogs(() =>
    {
        WritePlay("quiet");

        var unknown = Orchestra("send", "quiet", "nobody", "/freq", "f:1");
        var builtIn = Orchestra("send", "quiet", "DAC", "/freq", "f:1");
        var argument = Orchestra("send", "quiet", "sine", "/freq", "f:high");
        var type = Orchestra("send", "quiet", "sine", "/freq", "i:3");
        var address = Orchestra("send", "quiet", "sine", "freq", "f:1");
        var mode = Orchestra("send", "quiet", "sine", "/freq", "f:1", "--mode", "shotgun");
        var notUp = Orchestra("send", "quiet", "sine", "/freq", "660.0");

        Assert.Equal((2, "quiet/synthdef.json: error: no block 'nobody' takes OSC (blocks: sine, poke)\n"),
            (unknown.ExitCode, unknown.Stderr));
        Assert.Equal(2, builtIn.ExitCode);
        Assert.Equal(2, argument.ExitCode);
        Assert.StartsWith("orchestra: error: argument 1 'f:high': ", argument.Stderr);
        Assert.Equal(2, type.ExitCode);
        Assert.Contains("block 'sine' (module 'sine') takes /freq with 'f', not 'i'", type.Stderr);
        Assert.StartsWith("quiet/sine/manifest.json:", type.Stderr);
        Assert.Equal((2, "orchestra: error: 'freq' is not an OSC address such as /freq\n"),
            (address.ExitCode, address.Stderr));
        Assert.Equal((2, "orchestra: error: --mode shotgun: one of fast, reliable, ordered, latest\n"),
            (mode.ExitCode, mode.Stderr));
        Assert.Equal((1, "orchestra: quiet is not up: 'orchestra up quiet' first\n"), (notUp.ExitCode, notUp.Stderr));
    });
}
