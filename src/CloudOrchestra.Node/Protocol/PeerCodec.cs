using System.Buffers.Binary;
using System.Text;

namespace CloudOrchestra.Node.Protocol;

/// <summary>
/// The one place peer messages become bytes and bytes become peer messages (docs/node-protocol.md): a kind byte,
/// then the fields in order, integers big-endian, a block name as a length byte and UTF-8, an OSC packet as the rest.
/// Reading never throws: bytes that are not a whole message are refused with the reason.
/// </summary>
public static class PeerCodec
{
    public const int NonceLength = 16;
    public const int ProofLength = 32;

    private enum Kind : byte
    {
        Challenge = 1, ChallengeAnswer = 2, Deliver = 3, Handed = 4, Forward = 5, ClockProbe = 6, ClockEcho = 7,
        ClockReport = 8,
    }

    public static byte[] Encode(PeerMessage message)
    {
        var writer = new Writer();
        switch (message)
        {
            case Challenge m: writer.Kind(Kind.Challenge).Bytes(m.Nonce).Bytes(m.Proof); break;
            case ChallengeAnswer m: writer.Kind(Kind.ChallengeAnswer).Bytes(m.Proof); break;
            case Deliver m: writer.Kind(Kind.Deliver).UInt(m.Receipt).Long(m.At).Name(m.Block).Bytes(m.Osc); break;
            case Handed m: writer.Kind(Kind.Handed).UInt(m.Receipt).Long(m.At); break;
            case Forward m: writer.Kind(Kind.Forward).Bytes(m.Osc); break;
            case ClockProbe m: writer.Kind(Kind.ClockProbe).Long(m.Sent); break;
            case ClockEcho m: writer.Kind(Kind.ClockEcho).Long(m.ProbeSent).Long(m.Received).Long(m.Answered); break;
            case ClockReport m:
                writer.Kind(Kind.ClockReport).Long(m.Offset).Long(m.RoundTrip).Long(m.ErrorBound); break;
            default: throw new ArgumentException($"no encoding for {message.GetType().Name}", nameof(message));
        }
        return writer.ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> data, out PeerMessage? message, out string? error)
    {
        var reader = new Reader(data);
        message = (Kind)reader.Byte() switch
        {
            Kind.Challenge => new Challenge(reader.Bytes(NonceLength), reader.Bytes(ProofLength)),
            Kind.ChallengeAnswer => new ChallengeAnswer(reader.Bytes(ProofLength)),
            Kind.Deliver => new Deliver(reader.UInt(), reader.Long(), reader.Name(), reader.Rest()),
            Kind.Handed => new Handed(reader.UInt(), reader.Long()),
            Kind.Forward => new Forward(reader.Rest()),
            Kind.ClockProbe => new ClockProbe(reader.Long()),
            Kind.ClockEcho => new ClockEcho(reader.Long(), reader.Long(), reader.Long()),
            Kind.ClockReport => new ClockReport(reader.Long(), reader.Long(), reader.Long()),
            _ => null,
        };
        error = reader.Short ? $"a peer message cut short ({data.Length} bytes)"
            : message is null ? $"no peer message of kind {(data.IsEmpty ? "(none)" : data[0].ToString())}"
            : !reader.AtEnd ? $"{data.Length - reader.Position} bytes after a whole peer message"
            : null;
        if (error is not null) message = null;
        return message is not null;
    }

    private sealed class Writer
    {
        private readonly MemoryStream bytes = new();

        public Writer Kind(Kind kind) { bytes.WriteByte((byte)kind); return this; }

        public Writer Bytes(ReadOnlySpan<byte> value) { bytes.Write(value); return this; }

        public Writer UInt(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            return Bytes(b);
        }

        public Writer Long(long value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(b, value);
            return Bytes(b);
        }

        public Writer Name(string name)
        {
            var utf8 = Encoding.UTF8.GetBytes(name);
            if (utf8.Length > byte.MaxValue) throw new ArgumentException($"a block name of {utf8.Length} bytes");
            bytes.WriteByte((byte)utf8.Length);
            return Bytes(utf8);
        }

        public byte[] ToArray() => bytes.ToArray();
    }

    /// <summary>
    /// Reads fields in order; past the end it answers zeros and remembers that the message was short.
    /// </summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;

        public int Position { get; private set; }

        public bool Short { get; private set; }

        public readonly bool AtEnd => Position == data.Length;

        private ReadOnlySpan<byte> Take(int count)
        {
            if (Short || Position + count > data.Length)
            {
                Short = true;
                return new byte[count];
            }
            var taken = data.Slice(Position, count);
            Position += count;
            return taken;
        }

        public byte Byte() => Take(1)[0];

        public uint UInt() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public long Long() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public byte[] Bytes(int count) => Take(count).ToArray();

        public string Name() => Encoding.UTF8.GetString(Take(Byte()));

        public byte[] Rest() => Take(data.Length - Position).ToArray();
    }
}
