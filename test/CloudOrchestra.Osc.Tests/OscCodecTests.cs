using System.Net;
using System.Net.Sockets;
using CloudOrchestra.Osc;

namespace CloudOrchestra.Osc.Tests;

/// <summary>
/// The codec held to liblo: our bytes are oscsend's, oscsend's read back as the message, oscdump reads ours.
/// </summary>
public sealed class OscCodecTests
{
    /// <summary>oscsend's arguments, and the message they make.</summary>
    public static TheoryData<string[], OscMessage> Messages => new()
    {
        { ["/freq", "f", "660"], new OscMessage("/freq", new OscValue.Float32(660)) },
        { ["/a"], new OscMessage("/a") },
        { ["/sine/freq", "fis", "440.5", "-3", "hello"],
            new OscMessage("/sine/freq", new OscValue.Float32(440.5f), new OscValue.Int32(-3),
                new OscValue.Text("hello")) },
        { ["/abc", "s", "four"], new OscMessage("/abc", new OscValue.Text("four")) },   // a string of 4 bytes takes 8
        { ["/x", "hdSc", "123456789012", "2.25", "sym", "x"],
            new OscMessage("/x", new OscValue.Int64(123456789012), new OscValue.Float64(2.25),
                new OscValue.Symbol("sym"), new OscValue.Character('x')) },
        { ["/flags", "TFNI"], new OscMessage("/flags", new OscValue.Boolean(true), new OscValue.Boolean(false),
            new OscValue.Nil(), new OscValue.Impulse()) },
        { ["/midi", "m", "90403c7f"], new OscMessage("/midi", new OscValue.Midi(0x90403c7f)) },
        { ["/utf8", "s", "grüße ♪"], new OscMessage("/utf8", new OscValue.Text("grüße ♪")) },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_encodes_to_the_bytes_oscsend_makes(string[] oscsend, OscMessage message)
    {
        Assert.Equal(Liblo.Send(oscsend), OscCodec.Encode(message));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void What_oscsend_makes_decodes_to_the_message(string[] oscsend, OscMessage message)
    {
        var decoded = OscCodec.TryDecode(Liblo.Send(oscsend), out var packet, out var error);

        Assert.True(decoded, error);
        Assert.Equal(message, packet);
    }

    [Fact]
    public void Oscdump_reads_our_messages_and_bundles_nested_in_bundles()
    {
        using var dump = new Liblo.Dump();
        using var udp = new UdpClient();
        var to = new IPEndPoint(IPAddress.Loopback, dump.Port);
        var blob = new OscMessage("/x", new OscValue.Int32(7), new OscValue.Blob("abc"u8.ToArray()));
        var time = new OscTimeTag((3900000000UL << 32) | 0x80000000);

        udp.Send(OscCodec.Encode(new OscMessage("/a/b", new OscValue.Int32(3), new OscValue.Float32(0.5f),
            new OscValue.Text("hi"))), to);
        Assert.Equal("""/a/b ifs 3 0.500000 "hi" """.TrimEnd(), dump.ReadLine().Split(' ', 2)[1]);
        udp.Send(OscCodec.Encode(new OscBundle(time,
            [blob, new OscBundle(time, [new OscMessage("/y", new OscValue.Text("in"))])])), to);

        Assert.Equal("e8754700.80000000 /x ib 7 [3b 0x61 0x62 0x63]", dump.ReadLine());
        Assert.Equal("""e8754700.80000000 /y s "in" """.TrimEnd(), dump.ReadLine());
    }

    [Fact]
    public void A_bundle_decodes_to_what_was_encoded()
    {
        var bundle = new OscBundle(OscTimeTag.Immediately, [
            new OscMessage("/one", new OscValue.Blob([1, 2, 3, 4, 5])),
            new OscBundle(new OscTimeTag(42),
                [new OscMessage("/two", new OscValue.Time(new OscTimeTag(7)), new OscValue.Color(0x11223344))]),
        ]);

        Assert.True(OscCodec.TryDecode(OscCodec.Encode(bundle), out var packet, out var error), error);
        Assert.Equal(bundle, packet);
    }

    [Theory]
    [InlineData(new byte[] { }, "a packet of 0 bytes (OSC sizes are a positive multiple of 4)")]
    [InlineData(new byte[] { (byte)'/', (byte)'a', 0 }, "a packet of 3 bytes (OSC sizes are a positive multiple of 4)")]
    [InlineData(new byte[] { (byte)'x', 0, 0, 0 }, "a packet must begin with '/' (a message) or '#bundle'")]
    [InlineData(new byte[] { (byte)'/', (byte)'a', (byte)'b', (byte)'c' },
        "the address does not end (no NUL before the packet's end)")]
    [InlineData(new byte[] { (byte)'/', 0, 1, 0 }, "the address is not padded with NULs to four bytes")]
    [InlineData(new byte[] { (byte)'/', 0, 0, 0, (byte)'i', 0, 0, 0 }, "/: type tags must begin with ','")]
    [InlineData(new byte[] { (byte)'/', 0, 0, 0, (byte)',', (byte)'i', 0, 0 }, "/: an argument runs past the end")]
    [InlineData(new byte[] { (byte)'/', 0, 0, 0, (byte)',', (byte)'[', 0, 0 },
        "/: type tag '[' is not one this node reads")]
    [InlineData(new byte[] { (byte)'/', 0, 0, 0, (byte)',', (byte)'b', 0, 0, 0, 0, 0, 9 },
        "/: a blob of 9 bytes where 0 remain")]
    [InlineData(new byte[] { (byte)'/', 0, 0, 0, (byte)',', (byte)'s', 0, 0, 0xff, 0, 0, 0 },
        "/: a string argument is not UTF-8 text")]
    [InlineData(new byte[] { (byte)'#', (byte)'b', (byte)'u', (byte)'n' },
        "a packet beginning with '#' must be a '#bundle' with a time tag")]
    public void Bytes_that_are_not_a_packet_are_refused_saying_why(byte[] bytes, string why)
    {
        Assert.False(OscCodec.TryDecode(bytes, out var packet, out var error));
        Assert.Null(packet);
        Assert.Equal(why, error);
    }

    [Fact]
    public void A_bundle_element_larger_than_what_remains_is_refused()
    {
        var bytes = OscCodec.Encode(new OscBundle(OscTimeTag.Immediately, [new OscMessage("/a")]));
        bytes[19] = 64;   // the element's size

        Assert.False(OscCodec.TryDecode(bytes, out _, out var error));
        Assert.Equal("a bundle element of 64 bytes where 8 remain", error);
    }

    [Fact]
    public void Bundles_nested_too_deep_are_refused_not_followed()
    {
        OscPacket packet = new OscMessage("/deep");
        for (var i = 0; i <= OscCodec.MaxBundleDepth; i++) packet = new OscBundle(OscTimeTag.Immediately, [packet]);

        Assert.False(OscCodec.TryDecode(OscCodec.Encode(packet), out _, out var error));
        Assert.Equal($"bundles nested deeper than {OscCodec.MaxBundleDepth}", error);
    }

    [Fact]
    public void Every_truncation_and_any_random_bytes_are_refused_or_read_never_thrown()
    {
        var first = new OscMessage("/a/b", new OscValue.Int32(1), new OscValue.Text("text"),
            new OscValue.Blob([9, 9, 9]), new OscValue.Float64(1.5));
        var whole = OscCodec.Encode(new OscBundle(new OscTimeTag(5), [first, new OscMessage("/c")]));
        // Cut where an element ends, it is a bundle of fewer elements; anywhere else, no packet.
        var elementEnds = new[] { 16, 16 + 4 + OscCodec.Encode(first).Length };
        for (var length = 0; length < whole.Length; length++)
        {
            var read = OscCodec.TryDecode(whole.AsSpan(0, length), out _, out var error);
            Assert.True(read == elementEnds.Contains(length), $"{length} bytes: {error}");
        }
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0) bytes[0] = (byte)(i % 2 == 0 ? '/' : '#');
            var read = OscCodec.TryDecode(bytes, out var packet, out var error);
            Assert.Equal(read, packet is not null);
            Assert.Equal(read, error is null);
        }
    }
}
