using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CloudOrchestra.Node.Config;
using CloudOrchestra.Node.Delivery;
using CloudOrchestra.Osc;
using CloudOrchestra.Node.Peers;
using CloudOrchestra.Node.Roles;

namespace CloudOrchestra.Node.Tests.Roles;

/// <summary>A log the nodes write to and a test reads, line by line, from any thread.</summary>
internal sealed class TestLog : TextWriter
{
    private readonly List<string> lines = [];

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        lock (lines) lines.Add(value ?? "");
    }

    public bool Has(string text)
    {
        lock (lines) return lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }

    public override string ToString()
    {
        lock (lines) return string.Join('\n', lines);
    }
}

/// <summary>A block as the node sees it: a UDP socket on loopback that OSC is handed to.</summary>
internal sealed class TestBlock : IDisposable
{
    private readonly UdpClient socket = new(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)socket.Client.LocalEndPoint!).Port;

    /// <summary>The next packet handed over, and when it came (this machine's monotonic clock).</summary>
    public (OscPacket Packet, long At) Next(int seconds = 10)
    {
        var task = socket.ReceiveAsync();
        Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), $"nothing reached the block on {Port} in {seconds} s");
        var at = Node.Clock.Monotonic.Now();
        Assert.True(OscCodec.TryDecode(task.Result.Buffer, out var packet, out var error), error);
        return (packet!, at);
    }

    /// <summary>Whether anything arrives within the time.</summary>
    public bool Receives(TimeSpan within) => socket.ReceiveAsync().Wait(within);

    public void Dispose() => socket.Dispose();
}

/// <summary>
/// A deployment's nodes in this process: one machine node ("m1", on loopback) serving the given blocks, and a
/// conductor connected to it, each with its own log.
/// </summary>
internal sealed class TestNodes : IDisposable
{
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly CancellationTokenSource stop = new();

    public TestNodes(IReadOnlyDictionary<string, (int Port, Dictionary<string, Control> Controls)> blocks,
        byte[]? conductorKey = null, string conductorDeployment = "band-1234")
    {
        var entries = blocks.ToDictionary(b => b.Key, b => new BlockEntry(b.Key, "m1", b.Value.Port, b.Value.Controls));
        Config = new NodeConfig("band-1234", "m1", entries, new Dictionary<string, string> { ["m1"] = "127.0.0.1" });
        (PeerPort, LocalPort, OscPort) = (FreePort(), FreePort(), FreePort());
        Machine = new MachineNode(Config, new DeploymentSecret("band-1234", Key), MachineLog);
        Machine.Start(PeerPort, LocalPort, stop.Token);
        Conductor = new Conductor(Config with { Deployment = conductorDeployment, Machine = "listener" },
            new DeploymentSecret(conductorDeployment, conductorKey ?? Key), [], ConductorLog);
        Conductor.Start(new IPEndPoint(IPAddress.Loopback, OscPort), new Dictionary<string, int> { ["m1"] = PeerPort },
            stop.Token);
    }

    public NodeConfig Config { get; }

    public int PeerPort { get; }

    public int LocalPort { get; }

    public int OscPort { get; }

    public TestLog MachineLog { get; } = new();

    public TestLog ConductorLog { get; } = new();

    public MachineNode Machine { get; }

    public Conductor Conductor { get; }

    /// <summary>
    /// Until both ends have admitted each other: the machine node last, once it has the conductor's answer.
    /// </summary>
    public void Connected()
    {
        Until(() => ConductorLog.Has("every machine is connected (1)"), "the conductor connected");
        Until(() => MachineLog.Has("the conductor is connected"), "the machine node admitted the conductor");
    }

    public static void Until(Func<bool> condition, string what, int seconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"{what}: not within {seconds} s");
            Thread.Sleep(5);
        }
    }

    /// <summary>Sends bytes to a UDP port on loopback, as any OSC program does.</summary>
    public static void SendTo(int port, byte[] bytes)
    {
        using var socket = new UdpClient();
        socket.Send(bytes, new IPEndPoint(IPAddress.Loopback, port));
    }

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        stop.Cancel();
        Conductor.Dispose();
        Machine.Dispose();
    }
}

/// <summary>A program talking to the conductor's OSC port: what it sends, and the answers it gets back.</summary>
internal sealed class TestClient(int port) : IDisposable
{
    private readonly UdpClient socket = new(new IPEndPoint(IPAddress.Loopback, 0));

    public void Send(OscPacket packet) =>
        socket.Send(OscCodec.Encode(packet), new IPEndPoint(IPAddress.Loopback, port));

    public OscMessage Reply(int seconds = 5)
    {
        socket.Client.ReceiveTimeout = seconds * 1000;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var buffer = new byte[65536];
        var length = socket.Client.ReceiveFrom(buffer, ref from);
        Assert.True(OscCodec.TryDecode(buffer.AsSpan(0, length), out var answer, out var error), error);
        return Assert.IsType<OscMessage>(answer);
    }

    public void Dispose() => socket.Dispose();
}
