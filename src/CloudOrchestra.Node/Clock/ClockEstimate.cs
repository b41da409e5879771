namespace CloudOrchestra.Node.Clock;

/// <summary>
/// A machine's estimate of its clock against network time (Cristian's algorithm with the shortest round trip, as
/// LANdini; NTP's four timestamps): of the last <see cref="Window"/> probes the one with the shortest round trip
/// is trusted, since the least time on the wire leaves the least room for asymmetry. The offset in use is slewed
/// towards it, never stepped, at most <see cref="SlewRate"/> (NTP's 500 ppm): timed messages never jump.
/// The first estimate, made of a first window of probes sent in a burst, is taken as it is.
/// </summary>
public sealed class ClockEstimate
{
    public const int Window = 16;

    /// <summary>How fast the offset in use may move, in nanoseconds per nanosecond.</summary>
    public const double SlewRate = 500e-6;

    private readonly Queue<ClockSample> samples = new();
    private readonly Lock gate = new();
    private long applied;
    private long appliedAt;
    private ClockSample best;

    public bool Known { get; private set; }

    /// <summary>Takes a probe's timestamps, as it came back.</summary>
    public void Add(ClockSample sample)
    {
        var now = sample.Back;
        if (sample.RoundTrip < 0) return;
        lock (gate)
        {
            samples.Enqueue(sample);
            if (samples.Count > Window) samples.Dequeue();
            best = samples.MinBy(s => s.RoundTrip);
            if (!Known)
            {
                if (samples.Count < Window) return;
                (applied, appliedAt, Known) = (best.Offset, now, true);
                return;
            }
            var room = (long)((now - appliedAt) * SlewRate);
            applied += Math.Clamp(best.Offset - applied, -room, room);
            appliedAt = now;
        }
    }

    /// <summary>This machine's clock minus network time, as in use now.</summary>
    public long Offset { get { lock (gate) return applied; } }

    /// <summary>The trusted probe's round trip.</summary>
    public long RoundTrip { get { lock (gate) return best.RoundTrip; } }

    /// <summary>
    /// How far the offset in use can be from the truth: half the trusted round trip (the most the two ways can
    /// differ), and whatever is still to slew.
    /// </summary>
    public long ErrorBound { get { lock (gate) return best.RoundTrip / 2 + Math.Abs(best.Offset - applied); } }

    /// <summary>This machine's clock at network time <paramref name="networkTime"/>.</summary>
    public long LocalOf(long networkTime) => networkTime + Offset;

    public long NetworkOf(long localTime) => localTime - Offset;
}
