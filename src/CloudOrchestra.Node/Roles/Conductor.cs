using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CloudOrchestra.Node.Clock;
using CloudOrchestra.Node.Config;
using CloudOrchestra.Node.Delivery;
using CloudOrchestra.Node.Diagnostics;
using CloudOrchestra.Osc;
using CloudOrchestra.Node.Peers;
using CloudOrchestra.Node.Protocol;
using CloudOrchestra.Node.Routing;
using LiteNetLib;

namespace CloudOrchestra.Node.Roles;

/// <summary>
/// The listener's node. Its monotonic clock is network time. It connects to every machine's node, takes OSC from
/// any program on its OSC port (127.0.0.1:57200 unless the hosts file says otherwise) and from the synths' nodes,
/// and routes each message to its block's machine. <c>orchestra send</c> and <c>orchestra clock</c> talk to it on
/// its OSC port too, in addresses under <c>/.node/</c>, which no block name can take.
/// </summary>
public sealed class Conductor : IDisposable
{
    private static readonly TimeSpan ReceiptLifetime = TimeSpan.FromSeconds(30);
    private readonly NodeConfig config;
    private readonly DeploymentSecret secret;
    private readonly TextWriter log;
    private readonly NodeCounters counters;
    private readonly DeliveryChannels channels;
    private readonly EventBasedNetListener events = new();
    private readonly NetManager network;
    private readonly Socket osc = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IReadOnlyList<AllowedNetwork> allowed;
    private readonly Dictionary<string, MachineLink> machines = [];
    private readonly ConcurrentDictionary<uint, Receipt> receipts = new();
    private readonly ConcurrentDictionary<string, ClockReport> clocks = new(StringComparer.Ordinal);
    private int nextReceipt;
    private int admitted;

    public Conductor(NodeConfig config, DeploymentSecret secret, IReadOnlyList<AllowedNetwork> allowed, TextWriter log)
    {
        (this.config, this.secret, this.allowed, this.log) = (config, secret, allowed, log);
        counters = new NodeCounters(log);
        channels = new DeliveryChannels(config);
        network = PeerNetwork.Create(events);
        events.NetworkReceiveEvent += (peer, reader, _, _) => OnPeerMessage(peer, reader.GetRemainingBytesSpan());
        events.PeerDisconnectedEvent += (peer, info) =>
        {
            if (peer.Tag is not MachineLink link) return;
            // Said once when a link goes; a machine that does not answer is tried again and again, quietly.
            if (link.Lose(peer))
            {
                Interlocked.Decrement(ref admitted);
                NodeLog.Line(log, $"{link.Name}'s link is gone ({info.Reason}); connecting again");
            }
            Connect(link);
        };
    }

    public NodeCounters Counters => counters;

    /// <summary>Binds the OSC port and connects to every machine's node at its peer port.</summary>
    public void Start(IPEndPoint oscAt, IReadOnlyDictionary<string, int> peerPorts, CancellationToken stop)
    {
        osc.Bind(oscAt);
        if (!network.Start()) throw new SocketException((int)SocketError.AddressAlreadyInUse);
        foreach (var (name, port) in peerPorts)
        {
            var link = new MachineLink(name, new IPEndPoint(Resolve(config.Addresses[name]), port));
            machines[name] = link;
            Connect(link);
        }
        DatagramLoop.Start(osc, "osc", stop, TakeOsc);
        NodeLog.Line(log, $"conducting {config.Deployment}: OSC on {oscAt}; connecting to {machines.Count} machines");
        if (machines.Count == 0) NodeLog.Line(log, "every machine is connected (0)");
    }

    private static IPAddress Resolve(string address) =>
        IPAddress.TryParse(address, out var ip) ? ip
        : Dns.GetHostAddresses(address).First(a => a.AddressFamily == AddressFamily.InterNetwork);

    private void Connect(MachineLink link)
    {
        var nonce = DeploymentSecret.NewNonce();
        var peer = network.Connect(link.At, new ConnectRequest(config.Deployment, nonce).Encode());
        if (peer is null) return;
        peer.Tuned().Tag = link;
        link.Connecting(peer, nonce);
    }

    private void OnPeerMessage(NetPeer peer, ReadOnlySpan<byte> data)
    {
        var received = Monotonic.Now();
        if (peer.Tag is not MachineLink link) return;
        if (!PeerCodec.TryDecode(data, out var message, out var error))
        {
            counters.Dropped("bad peer message", $"{error}, from {link.Name}");
            return;
        }
        if (!link.IsAdmitted(peer))
        {
            Admit(link, peer, message!);
            return;
        }
        switch (message)
        {
            case ClockProbe p:
                peer.SendNow(PeerCodec.Encode(new ClockEcho(p.Sent, received, Monotonic.Now())),
                    DeliveryMethod.Unreliable);
                break;
            case ClockReport r:
                clocks[link.Name] = r;
                peer.Retune(r.RoundTrip);
                break;
            case Forward f: Route(f.Osc, $"{link.Name}'s node", null); break;
            case Handed h: Answer(h); break;
            default: counters.Dropped("unexpected peer message", $"{message!.GetType().Name} from {link.Name}"); break;
        }
    }

    private void Admit(MachineLink link, NetPeer peer, PeerMessage message)
    {
        if (message is not Challenge challenge || !secret.Proves(PeerRole.Machine, link.Nonce, challenge.Proof))
        {
            counters.Dropped("failed the handshake", $"{message.GetType().Name} from {link.Name} at {link.At}");
            peer.Disconnect();
            return;
        }
        peer.SendNow(PeerCodec.Encode(new ChallengeAnswer(secret.Proof(PeerRole.Conductor, challenge.Nonce))),
            DeliveryMethod.ReliableOrdered);
        var waiting = link.Admit(peer);
        foreach (var (bytes, channel, method) in waiting) peer.SendNow(bytes, method, channel);
        var now = Interlocked.Increment(ref admitted);
        NodeLog.Line(log, $"{link.Name} is connected at {link.At}");
        if (now == machines.Count) NodeLog.Line(log, $"every machine is connected ({now})");
    }

    private void TakeOsc(ReadOnlySpan<byte> data, IPEndPoint sender)
    {
        if (!IPAddress.IsLoopback(sender.Address) && !allowed.Any(a => a.Contains(sender.Address)))
        {
            counters.Dropped("sender not allowed", $"{data.Length} bytes from {sender}");
            return;
        }
        Route(data.ToArray(), sender.ToString(), sender);
    }

    /// <summary>
    /// Routes a packet that came in (from an OSC program, or a synth's node), or answers a /.node/ request.
    /// </summary>
    private void Route(byte[] data, string from, IPEndPoint? replyTo)
    {
        if (!OscCodec.TryDecode(data, out var packet, out var error))
        {
            counters.Dropped("bad OSC", $"{error}, from {from}");
            return;
        }
        if (packet is OscMessage { Address: var address } request
            && address.StartsWith("/.node/", StringComparison.Ordinal))
        {
            if (replyTo is null) counters.Dropped("request from a synth", $"{address} from {from}");
            else Answer(request, replyTo);
            return;
        }
        foreach (var (routed, address2) in BlockMessage.Of(packet!))
            Send(routed, address2, from, null, null, 0);
    }

    /// <returns>Why it was refused, or null when it is on its way.</returns>
    private string? Send(BlockMessage? routed, string address, string from, DeliveryMode? mode, Receipt? receipt,
        long delay)
    {
        if (!WayIn.Admits(config, counters, routed, address, from, out var block, out var control, out var refusal))
            return refusal;
        if (!machines.TryGetValue(block.Machine, out var link))
        {
            counters.Dropped("no such machine", $"{address} for {block.Machine}");
            return $"{block.Machine} is not a machine of this deployment";
        }
        var now = Monotonic.Now();
        var at = delay > 0 ? now + delay : AtOf(routed.Time, now);
        var number = 0u;
        if (receipt is not null)
        {
            number = (uint)Interlocked.Increment(ref nextReceipt);
            receipts[number] = receipt with { Machine = block.Machine, Sent = now };
        }
        var delivery = mode ?? control.Delivery;
        var (channel, method) = channels.Of(block.Name, routed.Message.Address, delivery);
        link.Send(PeerCodec.Encode(new Deliver(number, at, block.Name, OscCodec.Encode(routed.Message))),
            channel, method);
        counters.Forwarded();
        return null;
    }

    /// <summary>
    /// Network time for a bundle's time tag: NTP time of this computer's wall clock, read at the moment it arrives
    /// and mapped onto the monotonic clock there; a time past, or "immediately", is at once (0).
    /// </summary>
    private static long AtOf(OscTimeTag time, long now)
    {
        if (time.IsImmediate) return 0;
        var ahead = (time.ToDateTime() - DateTime.UtcNow).Ticks * 100;
        return ahead > 0 ? now + ahead : 0;
    }

    private void Answer(OscMessage request, IPEndPoint replyTo)
    {
        OscMessage reply;
        switch (request.Address, request.Arguments)
        {
            case ("/.node/send", [OscValue.Int32 id, OscValue.Text mode, OscValue.Blob packet]):
                reply = SendRequest(id.Value, mode.Value, packet.Value, 0, replyTo);
                break;
            case ("/.node/send", [OscValue.Int32 id, OscValue.Text mode, OscValue.Blob packet, OscValue.Float64 delay]):
                reply = SendRequest(id.Value, mode.Value, packet.Value, delay.Value, replyTo);
                break;
            case ("/.node/stats", []):
                reply = new OscMessage("/.node/stats", new OscValue.Text(counters.ToJson()));
                break;
            case ("/.node/clock", []):
                reply = new OscMessage("/.node/clock", new OscValue.Text(ClockJson()));
                break;
            default:
                counters.Dropped("bad request", $"{request} from {replyTo}");
                reply = new OscMessage("/.node/refused", new OscValue.Int32(0),
                    new OscValue.Text($"no request {request.Address} {request.TypeTags}"));
                break;
        }
        if (reply.Address.Length > 0) osc.SendTo(OscCodec.Encode(reply), replyTo);
    }

    private OscMessage SendRequest(int id, string modeName, byte[] packet, double delaySeconds, IPEndPoint replyTo)
    {
        OscMessage Refused(string why) => new("/.node/refused", new OscValue.Int32(id), new OscValue.Text(why));
        DeliveryMode? mode = null;
        if (modeName.Length > 0)
        {
            if (!DeliveryModes.TryParse(modeName, out var m)) return Refused($"no delivery mode '{modeName}'");
            mode = m;
        }
        if (!OscCodec.TryDecode(packet, out var decoded, out var error) || decoded is not OscMessage message)
            return Refused(error ?? "a bundle: send takes one message");
        var routed = BlockMessage.Of(message).Single();
        var receipt = new Receipt(id, replyTo, routed.Message?.Block ?? "", "", 0, mode ?? DeliveryMode.Reliable);
        var delay = (long)(delaySeconds * 1e9);
        var refused = Send(routed.Message, routed.Address, replyTo.ToString(), mode,
            mode == DeliveryMode.Fast ? null : receipt, delay);
        if (refused is not null) return Refused(refused);
        var machine = config.Blocks[routed.Message!.Block].Machine;
        return mode == DeliveryMode.Fast
            ? new OscMessage("/.node/sent", new OscValue.Int32(id), new OscValue.Text(routed.Message.Block),
                new OscValue.Text(machine), new OscValue.Text("sent"), new OscValue.Int64(0))
            : new OscMessage("", []);   // answered when the block's node says it handed it over
    }

    private void Answer(Handed handed)
    {
        var now = Monotonic.Now();
        foreach (var (number, old) in receipts)
            if (now - old.Sent > ReceiptLifetime.Ticks * 100) receipts.TryRemove(number, out _);
        if (!receipts.TryRemove(handed.Receipt, out var receipt)) return;
        var reply = new OscMessage("/.node/sent", new OscValue.Int32(receipt.Id), new OscValue.Text(receipt.Block),
            new OscValue.Text(receipt.Machine), new OscValue.Text("handed"),
            new OscValue.Int64(handed.At - receipt.Sent));
        osc.SendTo(OscCodec.Encode(reply), receipt.ReplyTo);
    }

    /// <summary>
    /// Each machine's clock as its node last reported it: <c>{"machines": [{"name", "offsetMs", "rttMs",
    /// "errorBoundMs"}]}</c>.
    /// </summary>
    private string ClockJson()
    {
        using var text = new MemoryStream();
        using (var json = new Utf8JsonWriter(text))
        {
            json.WriteStartObject();
            json.WriteStartArray("machines");
            foreach (var name in machines.Keys.Order(StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteBoolean("connected", machines[name].Admitted);
                if (clocks.TryGetValue(name, out var c))
                {
                    json.WriteNumber("offsetMs", Math.Round(c.Offset / 1e6, 6));
                    json.WriteNumber("rttMs", Math.Round(c.RoundTrip / 1e6, 6));
                    json.WriteNumber("errorBoundMs", Math.Round(c.ErrorBound / 1e6, 6));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    public void Dispose()
    {
        network.Stop();
        osc.Dispose();
    }

    /// <summary>A <c>/.node/send</c> waiting for its block's node to say it handed the message over.</summary>
    private sealed record Receipt(int Id, IPEndPoint ReplyTo, string Block, string Machine, long Sent,
        DeliveryMode Mode);
}
