using CloudOrchestra.Audio;

namespace CloudOrchestra.Tests.Audio;

/// <summary>
/// What the listener's recordings are judged by: the level, and the strongest frequency, also through drop-outs.
/// </summary>
public sealed class SpectrumTests
{
    private const int Rate = 48000;

    /// <summary>
    /// Two seconds of partials (Hz, amplitude), with <paramref name="dropouts"/> gaps of one JACK period (256 samples)
    /// where a link's packet came late: silence, and then the sound goes on where it was (later by the gap).
    /// </summary>
    private static float[] Tone(IReadOnlyList<(double Hz, double Amplitude)> partials, int dropouts = 0, int seed = 7)
    {
        var random = new Random(seed);
        var gaps = Enumerable.Range(0, dropouts).Select(_ => random.Next(2 * Rate)).ToHashSet();
        var samples = new List<float>(2 * Rate);
        for (var t = 0; samples.Count < 2 * Rate; t++)
        {
            if (gaps.Contains(samples.Count)) samples.AddRange(new float[256]);
            samples.Add((float)partials.Sum(p => p.Amplitude * Math.Sin(2 * Math.PI * p.Hz * t / Rate)));
        }
        return [.. samples.Take(2 * Rate)];
    }

    [Theory]
    [InlineData(440)]
    [InlineData(550)]
    [InlineData(990)]
    public void A_sine_is_found_within_half_a_hertz(double hz)
    {
        var heard = Spectrum.Of(Tone([(hz, 0.3)]), Rate);

        Assert.InRange(heard.DominantHz, hz - 0.5, hz + 0.5);
        Assert.InRange(heard.RmsDbfs, -13.5, -13.4);   // 0.3 / √2
    }

    /// <summary>
    /// The example's FM voice after its low-pass (440 Hz, and 1320 Hz at about half its amplitude) through a link that
    /// drops a few packets, as the listener records it on a busy machine: 440 Hz is what is heard. One FFT over the
    /// whole recording let each drop-out's jump in phase smear the 440 Hz peak more than the 1320 Hz one, and named
    /// 1320 Hz about one recording in eight.
    /// </summary>
    /// <remarks>Gaps move a tone's phase, and so its spectrum a little: with 20 in two seconds it reads up to a hertz
    /// low.</remarks>
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(8, 2)]
    [InlineData(13, 2)]
    [InlineData(20, 2)]
    public void The_strongest_partial_is_found_through_dropouts(int dropouts, double within)
    {
        var named = Enumerable.Range(1, 40).Select(seed =>
            Spectrum.Of(Tone([(440, 0.3), (1320, 0.16), (2200, 0.03)], dropouts, seed), Rate).DominantHz).ToList();

        Assert.All(named, hz => Assert.InRange(hz, 440 - within, 440 + within));
    }

    /// <summary>
    /// A sine through a machine whose JACK misses dozens of cycles a second (a CPU hog beside it): the gaps smear it
    /// over its neighbouring bins, and a centre of power over bins on one side of it read 990 Hz as 995.5 Hz.
    /// </summary>
    [Theory]
    [InlineData(440, 60)]
    [InlineData(990, 60)]
    [InlineData(990, 120)]
    [InlineData(1320, 120)]
    public void A_sine_is_found_within_a_hertz_through_many_dropouts(double hz, int dropouts)
    {
        var named = Enumerable.Range(1, 40).Select(seed =>
            Spectrum.Of(Tone([(hz, 0.3)], dropouts, seed), Rate).DominantHz).ToList();

        Assert.All(named, heard => Assert.InRange(heard, hz - 1, hz + 1));
    }

    [Fact]
    public void Silence_has_no_frequency()
    {
        var heard = Spectrum.Of(new float[Rate], Rate);

        Assert.Equal((Spectrum.Silence, 0.0), (heard.RmsDbfs, heard.DominantHz));
    }
}
