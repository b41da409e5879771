using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CloudOrchestra.Osc;

// control-bench sink FILE PORT...          on the block's machine: every message that arrives, with its time
// control-bench send HOST PORT ADDRESS N MS    N messages ADDRESS ,ih (number, sent at) MS milliseconds apart
// control-bench at HOST PORT N MS AHEAD ADDRESS...   N bundles MS apart, each for AHEAD ms from now (an OSC time tag),
//                                           one message ,ih (number, network time it is for) to every ADDRESS
// control-bench report TITLE FILE...        one table row per mode: arrived, in order, latency
// control-bench lateness TITLE FILE...      one table row per file: how far from its time each message came
// Times are CLOCK_MONOTONIC nanoseconds: the bench's machines share one clock (no --clock-offsets).
return args switch
{
    ["sink", var file, .. var ports] => Sink(file, ports.Select(int.Parse).ToArray()),
    ["send", var host, var port, var address, var count, var ms] =>
        Send(new IPEndPoint(IPAddress.Parse(host), int.Parse(port)), address, int.Parse(count),
            double.Parse(ms, CultureInfo.InvariantCulture)),
    ["at", var host, var port, var count, var ms, var ahead, .. var addresses] =>
        SendAt(new IPEndPoint(IPAddress.Parse(host), int.Parse(port)), int.Parse(count),
            double.Parse(ms, CultureInfo.InvariantCulture), double.Parse(ahead, CultureInfo.InvariantCulture),
            addresses),
    ["on-time", var host, var port, var count, var ms, var ahead, .. var addresses] =>
        SendOnTime(new IPEndPoint(IPAddress.Parse(host), int.Parse(port)), int.Parse(count),
            double.Parse(ms, CultureInfo.InvariantCulture), double.Parse(ahead, CultureInfo.InvariantCulture),
            addresses),
    ["report", var title, .. var files] => Report(title, files),
    ["lateness", var title, .. var files] => Lateness(title, files),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(
        "usage: control-bench sink FILE PORT... | send HOST PORT ADDRESS COUNT MS | report TITLE FILE...");
    return 2;
}

static long Now() => Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency);

// Until the time: asleep, then a spin for the last millisecond, so that the sender does not hold a core of the two
// the machines, their nodes and the sinks share.
static void Until(long due)
{
    var asleep = due - Now() - 1_000_000;
    if (asleep > 0) Thread.Sleep(TimeSpan.FromTicks(asleep / 100));
    while (Now() < due) Thread.SpinWait(50);
}

static int Sink(string file, int[] ports)
{
    using var output = new StreamWriter(file) { AutoFlush = true };
    var gate = new object();
    var sockets = ports.Select((port, i) =>
    {
        // The first port is the block's own (its node hands it messages on loopback); the others take plain UDP.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(i == 0 ? IPAddress.Loopback : IPAddress.Any, port));
        return socket;
    }).ToList();
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
        System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    var threads = sockets.Select(socket => new Thread(() =>
    {
        var buffer = new byte[2048];
        while (!stop.IsCancellationRequested)
        {
            int length;
            try { length = socket.Receive(buffer); }
            catch (SocketException) { return; }
            catch (ObjectDisposedException) { return; }
            var at = Now();
            if (!OscCodec.TryDecode(buffer.AsSpan(0, length), out var packet, out _)) continue;
            if (packet is OscMessage { Arguments: [OscValue.Int32 n, OscValue.Int64 sent] } m)
                lock (gate) output.WriteLine($"{m.Address.TrimStart('/')} {n.Value} {sent.Value} {at}");
        }
    }) { IsBackground = true }).ToList();
    threads.ForEach(t => t.Start());
    Console.WriteLine("ready");
    stop.Token.WaitHandle.WaitOne();
    sockets.ForEach(s => s.Dispose());
    lock (gate) output.Flush();
    return 0;
}

static int Send(IPEndPoint to, string address, int count, double ms)
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    var start = Now();
    var interval = (long)(ms * 1e6);
    for (var i = 0; i < count; i++)
    {
        Until(start + i * interval);
        socket.SendTo(OscCodec.Encode(new OscMessage(address, new OscValue.Int32(i), new OscValue.Int64(Now()))), to);
    }
    return 0;
}

static int SendAt(IPEndPoint to, int count, double ms, double ahead, string[] addresses)
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    var start = Now();
    for (var i = 0; i < count; i++)
    {
        Until(start + (long)(i * ms * 1e6));
        // The time tag is the wall clock's (NTP), as OSC has it; the network time it stands for is read beside it.
        var (wall, mono) = (DateTime.UtcNow, Now());
        var at = mono + (long)(ahead * 1e6);
        var bundle = new OscBundle(OscTimeTag.From(wall.AddTicks((long)(ahead * 1e4))),
            [.. addresses.Select(a => (OscPacket)new OscMessage(a, new OscValue.Int32(i), new OscValue.Int64(at)))]);
        socket.SendTo(OscCodec.Encode(bundle), to);
    }
    return 0;
}

/// <summary>
/// The alternative to a time tag: each message for the same time as <see cref="SendAt"/>'s, but held here and sent at
/// once when that time comes, as a sender that schedules its own messages does.
/// </summary>
static int SendOnTime(IPEndPoint to, int count, double ms, double ahead, string[] addresses)
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    var start = Now();
    for (var i = 0; i < count; i++)
    {
        var at = start + (long)(i * ms * 1e6) + (long)(ahead * 1e6);
        Until(at);
        foreach (var address in addresses)
            socket.SendTo(OscCodec.Encode(new OscMessage(address, new OscValue.Int32(i), new OscValue.Int64(at))), to);
    }
    return 0;
}

static int Lateness(string title, string[] files)
{
    var f = CultureInfo.InvariantCulture;
    foreach (var file in files)
    {
        var errors = File.ReadAllLines(file).Select(l => l.Split(' '))
            .Select(w => (long.Parse(w[3]) - long.Parse(w[2])) / 1e6).ToList();
        var absolute = errors.Select(Math.Abs).Order().ToList();
        double P(double q) => absolute.Count == 0
            ? double.NaN
            : absolute[Math.Min(absolute.Count - 1, (int)Math.Ceiling(q * absolute.Count) - 1)];
        Console.WriteLine(string.Format(f, "| {0} | {1} | {2} | {3:0.000} | {4:0.000} | {5:0.000} | {6:0.000} |", title,
            Path.GetFileNameWithoutExtension(file), errors.Count, errors.Count == 0 ? double.NaN : errors.Average(),
            P(0.5), P(0.99), absolute.Count == 0 ? double.NaN : absolute[^1]));
    }
    return 0;
}

static int Report(string title, string[] files)
{
    // Each file: one run of one mode ("MODE N SENT AT" lines); its name says the mode and the count: MODE-COUNT.txt.
    foreach (var file in files)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var count = int.Parse(name[(name.LastIndexOf('-') + 1)..]);
        // This run's messages alone: a message of the run before (a late resend) may still reach the sink.
        var mode = name[..name.LastIndexOf('-')];
        var lines = File.ReadAllLines(file).Select(l => l.Split(' ')).Where(w => w[0] == mode)
            .Select(w => (N: int.Parse(w[1]), Sent: long.Parse(w[2]), At: long.Parse(w[3]))).ToList();
        var unique = lines.Select(l => l.N).Distinct().Count();
        var inOrder = 0;
        var highest = -1;
        foreach (var l in lines)
        {
            if (l.N > highest) inOrder++;
            highest = Math.Max(highest, l.N);
        }
        var latency = lines.Select(l => (l.At - l.Sent) / 1e6).Order().ToList();
        double P(double q) => latency.Count == 0
            ? double.NaN
            : latency[Math.Min(latency.Count - 1, (int)Math.Ceiling(q * latency.Count) - 1)];
        var final = lines.Count > 0 && lines[^1].N == count - 1 ? "yes" : "no";
        var f = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(f,
            "| {0} | {1} | {2:0.0} % | {3:0.0} % | {4} | {5:0.00} | {6:0.00} | {7:0.00} |",
            title, mode, 100.0 * unique / count, lines.Count == 0 ? 0 : 100.0 * inOrder / lines.Count,
            final, P(0.5), P(0.99), latency.Count == 0 ? double.NaN : latency[^1]));
    }
    return 0;
}
