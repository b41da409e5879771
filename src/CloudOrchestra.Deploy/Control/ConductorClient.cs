using System.Net;
using System.Net.Sockets;
using CloudOrchestra.Osc;

namespace CloudOrchestra.Deploy.Control;

/// <summary>What the conductor said to a send: handed to the block (or, fast, sent), refused, or nothing.</summary>
public abstract record SendAnswer
{
    /// <param name="State">"handed": the block's node handed it over; "sent": sent fast, with no word back.</param>
    /// <param name="Latency">From the conductor taking it to the block's node handing it over (network time).</param>
    public sealed record Sent(string Block, string Machine, string State, TimeSpan? Latency) : SendAnswer;

    public sealed record Refused(string Reason) : SendAnswer;

    public sealed record NoAnswer : SendAnswer;
}

/// <summary>
/// Talks to a deployment's conductor on its OSC port, as <c>orchestra send</c> and <c>orchestra clock</c> do, in the
/// requests under <c>/.node/</c> that docs/node-protocol.md describes.
/// </summary>
public sealed class ConductorClient(IPEndPoint conductor)
{
    /// <param name="message">Addressed <c>/BLOCK/...</c>.</param>
    /// <param name="mode">A delivery mode instead of the one declared, or null.</param>
    /// <param name="delay">Handed over so long after the conductor takes it, in network time; null: at once.</param>
    public async Task<SendAnswer> SendAsync(OscMessage message, string? mode, TimeSpan? delay, TimeSpan wait,
        CancellationToken cancel)
    {
        var id = Random.Shared.Next(1, int.MaxValue);
        OscValue[] request =
            [new OscValue.Int32(id), new OscValue.Text(mode ?? ""), new OscValue.Blob(OscCodec.Encode(message))];
        if (delay is { } d) request = [.. request, new OscValue.Float64(d.TotalSeconds)];
        var reply = await AskAsync(new OscMessage("/.node/send", request), wait + (delay ?? TimeSpan.Zero),
            m => m.Arguments is [OscValue.Int32 { Value: var answered }, ..] && answered == id, cancel);
        return reply switch
        {
            {
                Address: "/.node/sent",
                Arguments: [_, OscValue.Text block, OscValue.Text machine, OscValue.Text state, OscValue.Int64 ns]
            } =>
                new SendAnswer.Sent(block.Value, machine.Value, state.Value,
                    state.Value == "handed" ? TimeSpan.FromTicks(ns.Value / 100) : null),
            { Address: "/.node/refused", Arguments: [_, OscValue.Text reason] } => new SendAnswer.Refused(reason.Value),
            _ => new SendAnswer.NoAnswer(),
        };
    }

    /// <summary>The conductor's clock report (<c>{"machines": [...]}</c>), or null when it does not answer.</summary>
    public async Task<string?> ClockJsonAsync(TimeSpan wait, CancellationToken cancel) =>
        await AskAsync(new OscMessage("/.node/clock"), wait, m => m.Address == "/.node/clock", cancel) is
            { Arguments: [OscValue.Text json] } ? json.Value : null;

    private async Task<OscMessage?> AskAsync(OscMessage request, TimeSpan wait, Func<OscMessage, bool> answers,
        CancellationToken cancel)
    {
        using var socket = new UdpClient(conductor.AddressFamily);
        socket.Connect(conductor);
        await socket.SendAsync(OscCodec.Encode(request), cancel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(wait);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(deadline.Token);
                if (OscCodec.TryDecode(received.Buffer, out var packet, out _) && packet is OscMessage m && answers(m))
                    return m;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;   // nothing listens there (ICMP port unreachable)
        }
    }
}
