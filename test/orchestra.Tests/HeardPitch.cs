namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// The pitch of a recorded sine through time, 20 ms at a time every 5 ms, from its rising zero crossings (placed
/// between samples): when a synth's frequency changed, as the listener heard it.
/// </summary>
public sealed class HeardPitch(float[] samples, int sampleRate)
{
    private const double Window = 0.020, Hop = 0.005;
    private const int Steady = 10;

    /// <summary>
    /// The frequency of the window that starts at <paramref name="seconds"/>; NaN where it is silent.
    /// </summary>
    public double At(double seconds)
    {
        var (from, to) =
            ((int)(seconds * sampleRate), Math.Min(samples.Length, (int)((seconds + Window) * sampleRate)));
        var crossings = new List<double>();
        for (var i = Math.Max(from, 1); i < to; i++)
            if (samples[i - 1] < 0 && samples[i] >= 0)
                crossings.Add(i - 1 + samples[i - 1] / (samples[i - 1] - samples[i]));
        return crossings.Count < 2 ? double.NaN : (crossings.Count - 1) * sampleRate / (crossings[^1] - crossings[0]);
    }

    /// <summary>
    /// The first moment at or after <paramref name="after"/> (seconds into the recording) from which the sine holds
    /// <paramref name="hz"/> (within 2 %) for 50 ms; it fails the test when it never does.
    /// </summary>
    public double SteadyFrom(double hz, double after)
    {
        var last = (double)samples.Length / sampleRate - Window;
        for (var t = after; t + Steady * Hop <= last; t += Hop)
            if (Enumerable.Range(0, Steady).All(k => Math.Abs(At(t + k * Hop) - hz) < 0.02 * hz)) return t;
        var heard = Enumerable.Range(0, (int)(last / 0.25)).Select(k => $"{At(k * 0.25):0}");
        Assert.Fail($"never a steady {hz} Hz after {after:0.000} s; every quarter second: {string.Join(' ', heard)}");
        return double.NaN;
    }
}
