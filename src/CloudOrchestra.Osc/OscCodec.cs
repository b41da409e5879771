using System.Buffers.Binary;
using System.Text;

namespace CloudOrchestra.Osc;

/// <summary>
/// OSC 1.0 packets to bytes and back: big-endian numbers, strings ending in NUL and padded to four bytes, blobs with
/// their length first, bundles of sized elements. Decoding never throws on what arrives off the network: it answers
/// why the bytes are not a packet, so that the node can drop, count and log them.
/// </summary>
public static class OscCodec
{
    /// <summary>Bundles in bundles, at most: deeper is refused, not followed.</summary>
    public const int MaxBundleDepth = 8;

    private static readonly byte[] BundleTag = "#bundle\0"u8.ToArray();

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(OscPacket packet)
    {
        var bytes = new List<byte>(64);
        Write(bytes, packet);
        return [.. bytes];
    }

    private static void Write(List<byte> bytes, OscPacket packet)
    {
        switch (packet)
        {
            case OscMessage message:
                WriteString(bytes, message.Address);
                WriteString(bytes, "," + message.TypeTags);
                foreach (var argument in message.Arguments) WriteValue(bytes, argument);
                break;
            case OscBundle bundle:
                bytes.AddRange(BundleTag);
                WriteUInt64(bytes, bundle.Time.Value);
                foreach (var element in bundle.Elements)
                {
                    var sizeAt = bytes.Count;
                    WriteInt32(bytes, 0);
                    Write(bytes, element);
                    BinaryPrimitives.WriteInt32BigEndian(
                        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)[sizeAt..],
                        bytes.Count - sizeAt - 4);
                }
                break;
        }
    }

    private static void WriteValue(List<byte> bytes, OscValue value)
    {
        switch (value)
        {
            case OscValue.Int32 i: WriteInt32(bytes, i.Value); break;
            case OscValue.Float32 f: WriteInt32(bytes, BitConverter.SingleToInt32Bits(f.Value)); break;
            case OscValue.Text s: WriteString(bytes, s.Value); break;
            case OscValue.Symbol s: WriteString(bytes, s.Value); break;
            case OscValue.Blob b:
                WriteInt32(bytes, b.Value.Length);
                bytes.AddRange(b.Value);
                Pad(bytes);
                break;
            case OscValue.Int64 h: WriteUInt64(bytes, (ulong)h.Value); break;
            case OscValue.Float64 d: WriteUInt64(bytes, (ulong)BitConverter.DoubleToInt64Bits(d.Value)); break;
            case OscValue.Time t: WriteUInt64(bytes, t.Value.Value); break;
            case OscValue.Character c: WriteInt32(bytes, c.Value); break;
            case OscValue.Midi m: WriteInt32(bytes, (int)m.Value); break;
            case OscValue.Color r: WriteInt32(bytes, (int)r.Value); break;
            case OscValue.Boolean or OscValue.Nil or OscValue.Impulse: break;   // the tag is the whole value
        }
    }

    private static void WriteString(List<byte> bytes, string text)
    {
        if (text.Contains('\0'))
            throw new ArgumentException($"an OSC string cannot hold a NUL character: '{text.Replace("\0", "\\0")}'");
        bytes.AddRange(Utf8.GetBytes(text));
        bytes.Add(0);
        Pad(bytes);
    }

    private static void Pad(List<byte> bytes)
    {
        while (bytes.Count % 4 != 0) bytes.Add(0);
    }

    private static void WriteInt32(List<byte> bytes, int value)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, value);
        bytes.AddRange(four);
    }

    private static void WriteUInt64(List<byte> bytes, ulong value)
    {
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(eight, value);
        bytes.AddRange(eight);
    }

    /// <summary>The packet these bytes hold, or why they hold none (<paramref name="error"/>).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out OscPacket? packet, out string? error)
    {
        var reader = new Reader(data);
        packet = reader.Packet(data.Length, depth: 0);
        error = reader.Error;
        if (packet is null) return false;
        if (reader.Position != data.Length)
        {
            (packet, error) = (null, $"{data.Length - reader.Position} bytes after the packet's end");
            return false;
        }
        return true;
    }

    /// <summary>Reads one packet; on the first problem it records <see cref="Error"/> and answers null.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;

        public int Position { get; private set; }

        public string? Error { get; private set; }

        public OscPacket? Packet(int end, int depth)
        {
            if (end - Position < 4 || (end - Position) % 4 != 0)
                return Fail($"a packet of {end - Position} bytes (OSC sizes are a positive multiple of 4)");
            return data[Position] switch
            {
                (byte)'/' => Message(end),
                (byte)'#' => Bundle(end, depth),
                _ => Fail("a packet must begin with '/' (a message) or '#bundle'"),
            };
        }

        private OscMessage? Message(int end)
        {
            var address = String(end, "the address");
            if (address is null) return null;
            if (Position == end) return new OscMessage(address, []);   // OSC 1.0 allows a message without type tags
            var tags = String(end, "the type tags");
            if (tags is null) return null;
            if (tags.Length == 0 || tags[0] != ',')
                return Fail<OscMessage>($"{address}: type tags must begin with ','");
            var values = new List<OscValue>(tags.Length - 1);
            foreach (var tag in tags.AsSpan(1))
            {
                var value = Value(tag, end, address);
                if (value is null) return null;
                values.Add(value);
            }
            return new OscMessage(address, values);
        }

        private OscValue? Value(char tag, int end, string address)
        {
            switch (tag)
            {
                case 'T': return new OscValue.Boolean(true);
                case 'F': return new OscValue.Boolean(false);
                case 'N': return new OscValue.Nil();
                case 'I': return new OscValue.Impulse();
                case 's' or 'S':
                    return String(end, $"{address}: a string argument") is { } text
                        ? tag == 's' ? new OscValue.Text(text) : new OscValue.Symbol(text)
                        : null;
                case 'b':
                    if (Int32(end, address) is not { } length) return null;
                    if (length < 0 || length > end - Position)
                        return Fail<OscValue>($"{address}: a blob of {length} bytes where {end - Position} remain");
                    var blob = data.Slice(Position, length).ToArray();
                    Position += (length + 3) & ~3;
                    if (Position > end) return Fail<OscValue>($"{address}: a blob's padding runs past the end");
                    return new OscValue.Blob(blob);
                case 'i': return Int32(end, address) is { } i ? new OscValue.Int32(i) : null;
                case 'f':
                    return Int32(end, address) is { } f
                        ? new OscValue.Float32(BitConverter.Int32BitsToSingle(f))
                        : null;
                case 'c': return Int32(end, address) is { } c ? new OscValue.Character((char)c) : null;
                case 'm': return Int32(end, address) is { } m ? new OscValue.Midi((uint)m) : null;
                case 'r': return Int32(end, address) is { } r ? new OscValue.Color((uint)r) : null;
                case 'h': return UInt64(end, address) is { } h ? new OscValue.Int64((long)h) : null;
                case 'd':
                    return UInt64(end, address) is { } d
                        ? new OscValue.Float64(BitConverter.Int64BitsToDouble((long)d))
                        : null;
                case 't': return UInt64(end, address) is { } t ? new OscValue.Time(new OscTimeTag(t)) : null;
                default: return Fail<OscValue>($"{address}: type tag '{tag}' is not one this node reads");
            }
        }

        private OscBundle? Bundle(int end, int depth)
        {
            if (depth >= MaxBundleDepth) return Fail<OscBundle>($"bundles nested deeper than {MaxBundleDepth}");
            if (end - Position < 16 || !data.Slice(Position, 8).SequenceEqual(BundleTag))
                return Fail<OscBundle>("a packet beginning with '#' must be a '#bundle' with a time tag");
            Position += 8;
            var time = new OscTimeTag(BinaryPrimitives.ReadUInt64BigEndian(data[Position..]));
            Position += 8;
            var elements = new List<OscPacket>();
            while (Position < end)
            {
                if (Int32(end, "a bundle") is not { } size) return null;
                if (size <= 0 || size % 4 != 0 || size > end - Position)
                    return Fail<OscBundle>($"a bundle element of {size} bytes where {end - Position} remain");
                var element = Packet(Position + size, depth + 1);
                if (element is null) return null;
                elements.Add(element);
            }
            return new OscBundle(time, elements);
        }

        /// <summary>A string ending in NUL and padded to four bytes, the padding all NUL.</summary>
        private string? String(int end, string what)
        {
            var rest = data[Position..end];
            var nul = rest.IndexOf((byte)0);
            if (nul < 0) return Fail<string>($"{what} does not end (no NUL before the packet's end)");
            var padded = (nul + 4) & ~3;
            if (padded > rest.Length || rest[nul..padded].ContainsAnyExcept((byte)0))
                return Fail<string>($"{what} is not padded with NULs to four bytes");
            string text;
            try
            {
                text = Utf8.GetString(rest[..nul]);
            }
            catch (DecoderFallbackException)
            {
                return Fail<string>($"{what} is not UTF-8 text");
            }
            Position += padded;
            return text;
        }

        private int? Int32(int end, string what)
        {
            if (end - Position < 4) return FailValue<int>($"{what}: an argument runs past the end");
            var value = BinaryPrimitives.ReadInt32BigEndian(data[Position..]);
            Position += 4;
            return value;
        }

        private ulong? UInt64(int end, string what)
        {
            if (end - Position < 8) return FailValue<ulong>($"{what}: an argument runs past the end");
            var value = BinaryPrimitives.ReadUInt64BigEndian(data[Position..]);
            Position += 8;
            return value;
        }

        private OscPacket? Fail(string why) => Fail<OscPacket>(why);

        private T? Fail<T>(string why) where T : class
        {
            Error ??= why;
            return null;
        }

        private T? FailValue<T>(string why) where T : struct
        {
            Error ??= why;
            return null;
        }
    }
}
