using CloudOrchestra.Node.Protocol;

namespace CloudOrchestra.Node.Tests.Protocol;

public sealed class PeerCodecTests
{
    public static TheoryData<PeerMessage> Messages() =>
    [
        new Challenge(new byte[16], Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        new ChallengeAnswer(Enumerable.Repeat((byte)7, 32).ToArray()),
        new Deliver(42, 1_234_567_890_123, "sine", [1, 2, 3, 4]),
        new Deliver(0, 0, "b", []),
        new Handed(uint.MaxValue, -5),
        new Forward([9, 8, 7]),
        new ClockProbe(long.MinValue),
        new ClockEcho(1, 2, 3),
        new ClockReport(-1_234_567, 80_000, 40_000),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_reads_back_as_it_was_written(PeerMessage message)
    {
        var bytes = PeerCodec.Encode(message);

        Assert.True(PeerCodec.TryDecode(bytes, out var read, out var error), error);
        Assert.Equal(PeerCodec.Encode(read!), bytes);
        Assert.Equal(message.GetType(), read!.GetType());
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_cut_short_is_refused_at_every_length(PeerMessage message)
    {
        var bytes = PeerCodec.Encode(message);
        var fixedLength = message is not (Deliver or Forward);
        for (var length = 0; length < bytes.Length; length++)
        {
            var ok = PeerCodec.TryDecode(bytes.AsSpan(0, length), out var read, out var error);
            // A packet's OSC is the rest of the message: a Deliver or Forward cut inside it is still a whole message.
            if (!fixedLength && ok) continue;
            Assert.False(ok, $"{length} of {bytes.Length} bytes read as {read}");
            Assert.Null(read);
            Assert.Equal($"a peer message cut short ({length} bytes)", error);
        }
    }

    [Fact]
    public void Bytes_after_a_whole_message_and_an_unknown_kind_are_refused()
    {
        Assert.False(PeerCodec.TryDecode([.. PeerCodec.Encode(new ClockProbe(5)), 0], out _, out var after));
        Assert.Equal("1 bytes after a whole peer message", after);
        Assert.False(PeerCodec.TryDecode([200, 1, 2], out _, out var unknown));
        Assert.Equal("no peer message of kind 200", unknown);
    }

    [Fact]
    public void A_deliver_keeps_its_block_and_packet()
    {
        var read = PeerCodec.TryDecode(PeerCodec.Encode(new Deliver(3, 77, "lp-2", [0x2f, 0x66, 0, 0])),
            out var m, out _);

        Assert.True(read);
        var deliver = Assert.IsType<Deliver>(m);
        Assert.Equal((3u, 77L, "lp-2"), (deliver.Receipt, deliver.At, deliver.Block));
        Assert.Equal([0x2f, 0x66, 0, 0], deliver.Osc);
    }
}
