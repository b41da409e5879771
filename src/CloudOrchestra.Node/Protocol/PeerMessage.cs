namespace CloudOrchestra.Node.Protocol;

/// <summary>
/// What one node says to another over their link (docs/node-protocol.md): one record per kind, written and read in
/// <see cref="PeerCodec"/> alone. Times are nanoseconds of a clock named in each field: the sender's own monotonic
/// clock, or network time (the conductor's monotonic clock).
/// </summary>
public abstract record PeerMessage;

/// <summary>The machine node proves it holds the deployment's secret, and asks the conductor to prove it too.</summary>
public sealed record Challenge(byte[] Nonce, byte[] Proof) : PeerMessage;

/// <summary>The conductor's answer to a <see cref="Challenge"/>: until it is right, nothing else is accepted.</summary>
public sealed record ChallengeAnswer(byte[] Proof) : PeerMessage;

/// <summary>
/// An OSC packet for a block (its address already without the block's name) to hand over at network time
/// <paramref name="At"/> (0: at once). A <paramref name="Receipt"/> other than 0 asks for a <see cref="Handed"/>.
/// </summary>
public sealed record Deliver(uint Receipt, long At, string Block, byte[] Osc) : PeerMessage;

/// <summary>
/// The packet of receipt <paramref name="Receipt"/> was handed to its block, at network time <paramref name="At"/>.
/// </summary>
public sealed record Handed(uint Receipt, long At) : PeerMessage;

/// <summary>
/// A packet a synth sent its own machine's node, addressed <c>/BLOCK/...</c>, for the conductor to route.
/// </summary>
public sealed record Forward(byte[] Osc) : PeerMessage;

/// <summary>A machine node's clock probe: <paramref name="Sent"/> by its own monotonic clock.</summary>
public sealed record ClockProbe(long Sent) : PeerMessage;

/// <summary>
/// The conductor's answer to a probe: the probe's own time, and when the conductor received it and answered, in
/// network time.
/// </summary>
public sealed record ClockEcho(long ProbeSent, long Received, long Answered) : PeerMessage;

/// <summary>A machine node's estimate of its clock, reported to the conductor for <c>orchestra clock</c>.</summary>
/// <param name="Offset">Its monotonic clock minus network time, nanoseconds.</param>
public sealed record ClockReport(long Offset, long RoundTrip, long ErrorBound) : PeerMessage;
