using System.Diagnostics;
using System.Text.Json;
using CloudOrchestra.Node.Delivery;
using CloudOrchestra.Osc;

namespace CloudOrchestra.Node.Tests.Roles;

/// <summary>
/// The conductor and a machine's node, in this process on loopback: OSC by block name, whatever comes in.
/// </summary>
public sealed class RoutingTests
{
    private static readonly Dictionary<string, Control> FreqIsFloat =
        new() { ["/freq"] = new Control("f", DeliveryMode.Latest) };

    [Fact]
    public void A_message_to_the_conductor_reaches_its_block_as_the_rest_of_its_address()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) });
        nodes.Connected();

        TestNodes.SendTo(nodes.OscPort, OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Float32(660))));

        Assert.Equal(new OscMessage("/freq", new OscValue.Float32(660)), sine.Next().Packet);
    }

    [Fact]
    public void Liblos_oscsend_plays_a_block_through_the_conductor()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) });
        nodes.Connected();

        var send = Process.Start("oscsend", ["127.0.0.1", $"{nodes.OscPort}", "/sine/freq", "f", "330.5"]);
        send.WaitForExit();

        Assert.Equal(0, send.ExitCode);
        Assert.Equal(new OscMessage("/freq", new OscValue.Float32(330.5f)), sine.Next().Packet);
    }

    [Fact]
    public void A_synth_plays_another_block_through_its_own_machines_node()
    {
        using var sine = new TestBlock();
        using var lfo = new TestBlock();
        using var nodes = new TestNodes(new Dictionary<string, (int, Dictionary<string, Control>)>
        {
            ["sine"] = (sine.Port, FreqIsFloat), ["lfo"] = (lfo.Port, []),
        });
        nodes.Connected();

        TestNodes.SendTo(nodes.LocalPort, OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Float32(220))));

        Assert.Equal(new OscMessage("/freq", new OscValue.Float32(220)), sine.Next().Packet);
        Assert.Equal(1, nodes.Machine.Counters.ToJson() is var json
            ? JsonDocument.Parse(json).RootElement.GetProperty("forwarded").GetInt32()
            : 0);
    }

    [Fact]
    public void Bad_input_is_dropped_counted_and_logged_and_the_node_plays_on()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) });
        nodes.Connected();

        TestNodes.SendTo(nodes.OscPort, [0x2f, 0x78, 0x00]);                                            // cut short
        TestNodes.SendTo(nodes.OscPort, OscCodec.Encode(new OscMessage("/nobody/freq", new OscValue.Float32(1))));
        TestNodes.SendTo(nodes.OscPort, OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Int32(660))));
        TestNodes.SendTo(nodes.OscPort, OscCodec.Encode(new OscMessage("/sine")));
        TestNodes.SendTo(nodes.LocalPort, [1, 2, 3, 4, 5]);
        TestNodes.SendTo(nodes.OscPort, OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Float32(440))));

        Assert.Equal(new OscMessage("/freq", new OscValue.Float32(440)), sine.Next().Packet);
        TestNodes.Until(() => nodes.Machine.Counters.DroppedFor("bad OSC") == 1, "the machine counted its bad packet");
        Assert.Equal(1, nodes.Conductor.Counters.DroppedFor("bad OSC"));
        Assert.Equal(2, nodes.Conductor.Counters.DroppedFor("unknown block"));
        Assert.Equal(1, nodes.Conductor.Counters.DroppedFor("type mismatch"));
        Assert.True(nodes.ConductorLog.Has("dropped (type mismatch, 1 so far): /sine/freq i from 127.0.0.1:"),
            nodes.ConductorLog.ToString());
        Assert.True(nodes.ConductorLog.Has("dropped (unknown block, 1 so far): /nobody/freq from"),
            nodes.ConductorLog.ToString());
    }

    [Fact]
    public void A_conductor_without_the_deployments_secret_is_never_admitted()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) },
            conductorKey: [.. TestNodes.Key.Reverse()]);

        // The machine node proves itself first: the conductor finds the proof wrong and hangs up.
        TestNodes.Until(() => nodes.Conductor.Counters.DroppedFor("failed the handshake") >= 1,
            "the conductor refused the machine");
        TestNodes.SendTo(nodes.OscPort, OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Float32(1))));

        Assert.False(nodes.ConductorLog.Has("every machine is connected"));
        Assert.False(nodes.MachineLog.Has("the conductor is connected"));
        Assert.False(sine.Receives(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void A_node_refuses_a_conductor_of_another_deployment_at_once()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) },
            conductorDeployment: "other-9999");

        TestNodes.Until(() => nodes.Machine.Counters.DroppedFor("another deployment") >= 1,
            "the node refused the stranger");

        Assert.False(nodes.MachineLog.Has("the conductor is connected"));
    }

    [Fact]
    public void A_send_request_is_answered_once_the_block_has_its_message_and_a_delay_holds_it()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) });
        nodes.Connected();
        using var client = new TestClient(nodes.OscPort);
        var packet = OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Float32(550)));

        var sent = Node.Clock.Monotonic.Now();
        client.Send(new OscMessage("/.node/send", new OscValue.Int32(7), new OscValue.Text(""),
            new OscValue.Blob(packet), new OscValue.Float64(0.25)));
        var (handed, at) = sine.Next();
        var message = client.Reply();

        Assert.Equal(new OscMessage("/freq", new OscValue.Float32(550)), handed);
        Assert.True((at - sent) / 1e6 >= 250,
            $"handed over {(at - sent) / 1e6:0.0} ms after it was sent, before its time");
        Assert.Equal("/.node/sent", message.Address);
        Assert.Equal(
            [new OscValue.Int32(7), new OscValue.Text("sine"), new OscValue.Text("m1"), new OscValue.Text("handed")],
            message.Arguments.Take(4));
    }

    [Fact]
    public void A_send_request_for_a_block_that_is_not_there_is_refused_with_the_reason()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) });
        nodes.Connected();
        using var client = new TestClient(nodes.OscPort);

        client.Send(new OscMessage("/.node/send", new OscValue.Int32(8), new OscValue.Text("fast"),
            new OscValue.Blob(OscCodec.Encode(new OscMessage("/sine/freq", new OscValue.Text("high"))))));

        Assert.Equal(new OscMessage("/.node/refused", new OscValue.Int32(8),
            new OscValue.Text("sine's /freq takes 'f', not 's'")), client.Reply());
    }

    [Fact]
    public void The_conductor_reports_each_machines_clock_once_its_node_has_measured_it()
    {
        using var sine = new TestBlock();
        using var nodes = new TestNodes(
            new Dictionary<string, (int, Dictionary<string, Control>)> { ["sine"] = (sine.Port, FreqIsFloat) });
        nodes.Connected();
        using var client = new TestClient(nodes.OscPort);

        JsonElement machine = default;
        TestNodes.Until(() =>
        {
            client.Send(new OscMessage("/.node/clock"));
            var json = ((OscValue.Text)client.Reply().Arguments[0]).Value;
            machine = JsonDocument.Parse(json).RootElement.GetProperty("machines")[0];
            return machine.TryGetProperty("offsetMs", out _);
        }, "a clock report");

        // One process, one clock: the offset it measures is its error.
        Assert.Equal("m1", machine.GetProperty("name").GetString());
        Assert.InRange(machine.GetProperty("offsetMs").GetDouble(), -0.5, 0.5);
        Assert.InRange(machine.GetProperty("rttMs").GetDouble(), 0, 5);
    }
}
