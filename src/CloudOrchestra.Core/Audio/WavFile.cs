using System.Buffers.Binary;

namespace CloudOrchestra.Audio;

/// <summary>A WAV recording as samples in [-1, 1], one array per channel.</summary>
public sealed record WavFile(int SampleRate, float[][] Channels)
{
    public double Seconds => Channels.Length == 0 ? 0 : (double)Channels[0].Length / SampleRate;

    /// <summary>The channels summed, as a listener hears them together (as long as the shortest channel).</summary>
    public float[] Mono()
    {
        var length = Channels.Length == 0 ? 0 : Channels.Min(c => c.Length);
        var mix = new float[length];
        foreach (var channel in Channels)
        {
            for (var i = 0; i < length; i++) mix[i] += channel[i];
        }
        return mix;
    }

    /// <summary>Reads PCM (16, 24, 32 bit) and IEEE float (32 bit) WAV files, as jack_rec and sox write them.</summary>
    public static WavFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || bytes[..4] is not [(byte)'R', (byte)'I', (byte)'F', (byte)'F'])
            throw new InvalidDataException($"{path}: not a WAV file");
        int channels = 0, rate = 0, bits = 0, format = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)),
                (uint)(bytes.Length - offset - 8));
            var body = bytes.AsSpan(offset + 8, size);
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == 0xFFFE && size >= 26) format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
            }
            else if (id == "data")
            {
                if (channels == 0) throw new InvalidDataException($"{path}: data before format");
                return new WavFile(rate, Decode(body, channels, bits, format, path));
            }
            offset += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no audio data");
    }

    private static float[][] Decode(ReadOnlySpan<byte> data, int channels, int bits, int format, string path)
    {
        var width = bits / 8;
        var frames = data.Length / (width * channels);
        var result = Enumerable.Range(0, channels).Select(_ => new float[frames]).ToArray();
        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var s = data.Slice((i * channels + c) * width, width);
                result[c][i] = (format, bits) switch
                {
                    (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                    (1, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608f,
                    (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                    (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                    _ => throw new InvalidDataException($"{path}: unsupported WAV format {format} with {bits} bits"),
                };
            }
        }
        return result;
    }
}
