using System.Numerics;

namespace CloudOrchestra.Audio;

/// <summary>What a listener hears in a recording: its level and its strongest frequency.</summary>
public sealed record Spectrum(double RmsDbfs, double Peak, double DominantHz)
{
    public const double Silence = -120;

    /// <summary>
    /// How far (in bins of 11.7 Hz at 48 kHz) on each side of a partial its frequency is read from: partials closer
    /// than some 150 Hz are read as one, at their centre of power.
    /// </summary>
    private const double Reach = 12.5;

    /// <summary>
    /// Analyses a channel: RMS level in dBFS, peak, and the dominant frequency (averaged Hann-windowed FFTs).
    /// </summary>
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

    /// <summary>
    /// The strongest frequency, from the average power of Hann-windowed FFTs of 4096 samples, each half over the last
    /// (Welch's method): the strongest five bins name the partial, and the centre of power around it is its frequency.
    /// A recording through a link that drops packets has gaps after which the sound goes on later; one FFT over it all
    /// let each gap's jump in phase smear a partial's peak by how far the gap moved that partial's phase, and so named
    /// a weaker partial now and then. Short windows keep most of the sound clean, and five bins hold what a gap smears.
    /// </summary>
    private static double DominantFrequency(float[] samples, int sampleRate)
    {
        var n = 1;
        while (n * 2 <= samples.Length && n < 4096) n *= 2;
        if (n < 16) return 0;
        var power = new double[n / 2];
        var data = new Complex[n];
        for (var start = 0; start + n <= samples.Length; start += n / 2)
        {
            for (var i = 0; i < n; i++)
                data[i] = samples[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
            Fft(data);
            for (var k = 0; k < n / 2; k++)
                power[k] += data[k].Real * data[k].Real + data[k].Imaginary * data[k].Imaginary;
        }
        var (best, strongest) = (0, 0.0);
        for (var k = 3; k < n / 2 - 3; k++)
        {
            var around = power[k - 2] + power[k - 1] + power[k] + power[k + 1] + power[k + 2];
            if (around > strongest) (best, strongest) = (k, around);
        }
        if (strongest == 0) return 0;
        return CentreAround(power, best) * sampleRate / n;
    }

    /// <summary>
    /// The centre of power of the bins within <see cref="Reach"/> of it on both sides alike (edge bins counted by their
    /// share inside), found from a bin by moving onto the centre until it stays. Dozens of gaps a second (JACK missing
    /// cycles on a busy machine) spread a partial's power over many bins, most of it within some ten of it: the five
    /// strongest, centred on a bin beside the partial's, read 990 Hz as 995.5 Hz; a wide reach centred on the partial
    /// reads it within a hertz.
    /// </summary>
    private static double CentreAround(double[] power, int bin)
    {
        var centre = (double)bin;
        for (var round = 0; round < 50; round++)
        {
            var (sum, moment) = (0.0, 0.0);
            for (var k = (int)Math.Floor(centre - Reach); k <= (int)Math.Ceiling(centre + Reach); k++)
            {
                if (k < 0 || k >= power.Length) continue;
                var inside = Math.Clamp(Math.Min(k + 0.5 - (centre - Reach), centre + Reach - (k - 0.5)), 0, 1);
                sum += inside * power[k];
                moment += inside * power[k] * k;
            }
            var moved = moment / sum;
            if (Math.Abs(moved - centre) < 1e-6) return moved;
            centre = moved;
        }
        return centre;
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
