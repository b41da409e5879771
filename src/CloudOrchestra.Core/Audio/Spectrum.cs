using System.Numerics;

namespace CloudOrchestra.Audio;

/// <summary>What a listener hears in a recording: its level and its strongest frequency.</summary>
public sealed record Spectrum(double RmsDbfs, double Peak, double DominantHz)
{
    public const double Silence = -120;

    /// <summary>Analyses a channel: RMS level in dBFS, peak, and the dominant frequency of a Hann-windowed FFT.</summary>
    public static Spectrum Of(float[] samples, int sampleRate)
    {
        if (samples.Length == 0) return new Spectrum(Silence, 0, 0);
        var sum = 0.0;
        var peak = 0.0;
        foreach (var s in samples)
        {
            sum += s * s;
            peak = Math.Max(peak, Math.Abs(s));
        }
        var rms = Math.Sqrt(sum / samples.Length);
        var dbfs = rms > 0 ? Math.Max(Silence, 20 * Math.Log10(rms)) : Silence;
        return new Spectrum(dbfs, peak, rms > 0 ? DominantFrequency(samples, sampleRate) : 0);
    }

    /// <summary>Mixes all channels (a listener hears them together) and analyses the mix.</summary>
    public static Spectrum Of(WavFile wav) => Of(wav.Mono(), wav.SampleRate);

    private static double DominantFrequency(float[] samples, int sampleRate)
    {
        var n = 1;
        while (n * 2 <= samples.Length && n < (1 << 18)) n *= 2;
        var offset = (samples.Length - n) / 2;
        var data = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            var hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
            data[i] = samples[offset + i] * hann;
        }
        Fft(data);
        var best = 1;
        for (var k = 2; k < n / 2; k++)
        {
            if (data[k].Magnitude > data[best].Magnitude) best = k;
        }
        // Parabolic interpolation on log magnitudes refines the peak between bins.
        double a = Math.Log(data[best - 1].Magnitude + 1e-12), b = Math.Log(data[best].Magnitude + 1e-12), c = Math.Log(data[best + 1].Magnitude + 1e-12);
        var shift = (a - 2 * b + c) == 0 ? 0 : 0.5 * (a - c) / (a - 2 * b + c);
        return (best + shift) * sampleRate / n;
    }

    private static void Fft(Complex[] data)
    {
        var n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (data[i], data[j]) = (data[j], data[i]);
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var step = Complex.FromPolarCoordinates(1, -2 * Math.PI / length);
            for (var start = 0; start < n; start += length)
            {
                var w = Complex.One;
                for (var k = 0; k < length / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + length / 2] * w;
                    data[start + k] = even + odd;
                    data[start + k + length / 2] = even - odd;
                    w *= step;
                }
            }
        }
    }
}
