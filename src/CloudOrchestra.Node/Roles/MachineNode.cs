using System.Net;
using System.Net.Sockets;
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
/// The node of a machine that runs blocks. It takes the conductor's link on its peer port (any address: the
/// conductor connects to the machine, as the listener's JackTrip does), hands each block its messages on
/// 127.0.0.1 at the block's OSC port when their time comes, and passes what its synths send it on 127.0.0.1 (the
/// port in <c>ORCHESTRA_NODE_PORT</c>) to the conductor. It keeps its clock's offset to network time.
/// </summary>
public sealed class MachineNode : IDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);
    private readonly NodeConfig config;
    private readonly DeploymentSecret secret;
    private readonly NodeCounters counters;
    private readonly TextWriter log;
    private readonly DeliveryChannels channels;
    private readonly EventBasedNetListener events = new();
    private readonly NetManager network;
    private readonly Socket synths = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket toBlocks = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly HeldMessages held;
    private readonly Dictionary<NetPeer, byte[]> challenged = [];
    private volatile NetPeer? conductor;

    public ClockEstimate Clock { get; } = new();

    public NodeCounters Counters => counters;

    public MachineNode(NodeConfig config, DeploymentSecret secret, TextWriter log)
    {
        (this.config, this.secret, this.log) = (config, secret, log);
        counters = new NodeCounters(log);
        held = new HeldMessages(line => NodeLog.Line(log, line));
        channels = new DeliveryChannels(config);
        network = PeerNetwork.Create(events);
        events.ConnectionRequestEvent += OnConnectionRequest;
        events.NetworkReceiveEvent += (peer, reader, _, _) => OnPeerMessage(peer, reader.GetRemainingBytesSpan());
        events.PeerDisconnectedEvent += (peer, info) =>
        {
            lock (challenged) challenged.Remove(peer);
            if (Interlocked.CompareExchange(ref conductor, null, peer) == peer)
                NodeLog.Line(log, $"the conductor's link is gone ({info.Reason}); waiting for it to connect again");
        };
    }

    /// <summary>
    /// Starts listening: peers on <paramref name="peerPort"/>, synths on 127.0.0.1:<paramref name="localPort"/>.
    /// </summary>
    public void Start(int peerPort, int localPort, CancellationToken stop)
    {
        synths.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
        if (!network.Start(IPAddress.Any, IPAddress.IPv6Any, peerPort))
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        DatagramLoop.Start(synths, "synths", stop, ForwardFromSynth);
        new Thread(() => ProbeClock(stop)) { IsBackground = true, Name = "clock" }.Start();
        var blocks = config.Blocks.Values.Where(b => b.Machine == config.Machine)
            .Select(b => $"{b.Name} on {b.OscPort}");
        NodeLog.Line(log, $"serving {config.Machine}: peers on udp port {peerPort}, synths on 127.0.0.1:{localPort}; "
            + $"blocks: {string.Join(", ", blocks.DefaultIfEmpty("none"))}");
    }

    private void OnConnectionRequest(ConnectionRequest request)
    {
        var asked = ConnectRequest.TryDecode(request.Data.GetRemainingBytesSpan());
        if (asked is null || asked.Deployment != config.Deployment)
        {
            counters.Dropped(asked is null ? "not a node" : "another deployment",
                $"connection from {request.RemoteEndPoint}");
            request.Reject();
            return;
        }
        var peer = request.Accept().Tuned();
        var nonce = DeploymentSecret.NewNonce();
        lock (challenged) challenged[peer] = nonce;
        peer.SendNow(PeerCodec.Encode(new Challenge(nonce, secret.Proof(PeerRole.Machine, asked.Nonce))),
            DeliveryMethod.ReliableOrdered);
    }

    private void OnPeerMessage(NetPeer peer, ReadOnlySpan<byte> data)
    {
        if (!PeerCodec.TryDecode(data, out var message, out var error))
        {
            counters.Dropped("bad peer message", $"{error}, from {peer}");
            return;
        }
        if (peer != conductor)
        {
            Admit(peer, message!);
            return;
        }
        switch (message)
        {
            case Deliver d: Hand(peer, d); break;
            case ClockEcho e:
                Clock.Add(new ClockSample(e.ProbeSent, e.Received, e.Answered, Monotonic.Now()));
                if (Clock.Known) peer.Retune(Clock.RoundTrip);
                break;
            default:
                counters.Dropped("unexpected peer message", $"{message!.GetType().Name} from the conductor"); break;
        }
    }

    /// <summary>
    /// A connected peer's first word must be the right answer to its challenge; else it is sent away.
    /// </summary>
    private void Admit(NetPeer peer, PeerMessage message)
    {
        byte[]? nonce;
        lock (challenged) challenged.Remove(peer, out nonce);
        if (nonce is null || message is not ChallengeAnswer answer
            || !secret.Proves(PeerRole.Conductor, nonce, answer.Proof))
        {
            counters.Dropped("failed the handshake", $"{message.GetType().Name} from {peer}");
            peer.Disconnect();
            return;
        }
        conductor = peer;
        NodeLog.Line(log, $"the conductor is connected from {peer}");
    }

    private void Hand(NetPeer from, Deliver message)
    {
        if (!config.Blocks.TryGetValue(message.Block, out var block) || block.Machine != config.Machine)
        {
            counters.Dropped("block not here", $"a message for '{message.Block}'");
            return;
        }
        void Now()
        {
            toBlocks.SendTo(message.Osc, new IPEndPoint(IPAddress.Loopback, block.OscPort));
            counters.Delivered();
            if (message.Receipt != 0)
                from.SendNow(PeerCodec.Encode(new Handed(message.Receipt, Clock.NetworkOf(Monotonic.Now()))),
                    DeliveryMethod.ReliableUnordered);
        }
        if (message.At == 0) Now();
        else held.Hold(Clock.LocalOf(message.At), Now);
    }

    private void ForwardFromSynth(ReadOnlySpan<byte> data, IPEndPoint from)
    {
        if (!OscCodec.TryDecode(data, out var packet, out var error))
        {
            counters.Dropped("bad OSC", $"{error}, from {from}");
            return;
        }
        var peer = conductor;
        foreach (var (routed, address) in BlockMessage.Of(packet!))
        {
            if (!WayIn.Admits(config, counters, routed, address, $"{from}", out var block, out var control, out _))
                continue;
            if (peer is null)
            {
                counters.Dropped("no conductor", $"{address} from {from}");
                continue;
            }
            var whole = routed.Time.IsImmediate ? (OscPacket)(routed.Message with { Address = address })
                : new OscBundle(routed.Time, [routed.Message with { Address = address }]);
            var (channel, method) = channels.Of(block.Name, routed.Message.Address, control.Delivery);
            peer.SendNow(PeerCodec.Encode(new Forward(OscCodec.Encode(whole))), method, channel);
            counters.Forwarded();
        }
    }

    /// <summary>
    /// A burst of probes first, so that the first estimate comes within a second; then five a second.
    /// </summary>
    private void ProbeClock(CancellationToken stop)
    {
        var sent = 0;
        var reported = Monotonic.Now();
        while (!stop.WaitHandle.WaitOne(sent < ClockEstimate.Window ? TimeSpan.FromMilliseconds(20) : ProbeInterval))
        {
            if (conductor is not { } peer)
            {
                sent = 0;
                continue;
            }
            peer.SendNow(PeerCodec.Encode(new ClockProbe(Monotonic.Now())), DeliveryMethod.Unreliable);
            sent++;
            if (Clock.Known && Monotonic.Now() - reported > 1_000_000_000)
            {
                peer.SendNow(PeerCodec.Encode(new ClockReport(Clock.Offset, Clock.RoundTrip, Clock.ErrorBound)),
                    DeliveryMethod.Sequenced);
                reported = Monotonic.Now();
            }
        }
    }

    public void Dispose()
    {
        network.Stop();
        held.Dispose();
        synths.Dispose();
        toBlocks.Dispose();
    }
}
