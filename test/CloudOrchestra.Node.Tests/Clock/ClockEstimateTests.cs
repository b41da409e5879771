using CloudOrchestra.Node.Clock;

namespace CloudOrchestra.Node.Tests.Clock;

public sealed class ClockEstimateTests
{
    private const long Ms = 1_000_000;

    /// <summary>A probe sent at local time <paramref name="sent"/> from a machine whose clock is ahead by
    /// <paramref name="offset"/>, taking <paramref name="there"/> on the way there and <paramref name="back"/>
    /// back.</summary>
    private static ClockSample Probe(long sent, long offset, long there, long back, long held = 10_000)
    {
        var received = sent - offset + there;
        return new ClockSample(sent, received, received + held, sent + there + held + back);
    }

    [Fact]
    public void With_even_ways_the_offset_is_exact_and_the_round_trip_leaves_out_the_time_held()
    {
        var sample = Probe(5_000 * Ms, offset: -1_234_567_890, there: 40_000, back: 40_000);

        Assert.Equal(-1_234_567_890, sample.Offset);
        Assert.Equal(80_000, sample.RoundTrip);
    }

    [Fact]
    public void The_shortest_round_trip_of_the_window_is_trusted()
    {
        var estimate = new ClockEstimate();
        var random = new Random(7);
        for (var i = 0; i < ClockEstimate.Window; i++)
        {
            // Queued one way: the slow probes read the offset wrong by half their extra delay.
            var queued = i == 9 ? 0 : random.Next(1, 5) * Ms;
            estimate.Add(Probe((1000 + i * 20) * Ms, offset: 777 * Ms, there: 50_000 + queued, back: 50_000));
        }

        Assert.True(estimate.Known);
        Assert.Equal(777 * Ms, estimate.Offset);
        Assert.Equal(100_000, estimate.RoundTrip);
        Assert.Equal(50_000, estimate.ErrorBound);
    }

    [Fact]
    public void Once_known_the_offset_slews_at_most_500_ppm_and_never_steps()
    {
        var estimate = new ClockEstimate();
        var t = 1000 * Ms;
        for (var i = 0; i < ClockEstimate.Window; i++, t += 20 * Ms) estimate.Add(Probe(t, 0, 50_000, 50_000));
        Assert.Equal(0, estimate.Offset);

        // The machine's clock is found 10 ms off (its oscillator ran fast): one second later it may be 0.5 ms nearer.
        for (var i = 0; i < ClockEstimate.Window; i++) estimate.Add(Probe(t + i * Ms, 10 * Ms, 40_000, 40_000));
        estimate.Add(Probe(t + 1000 * Ms, 10 * Ms, 40_000, 40_000));

        Assert.InRange(estimate.Offset, 400_000, 510_000);
        Assert.Equal(10 * Ms - estimate.Offset + 40_000, estimate.ErrorBound);
    }

    [Fact]
    public void Network_time_maps_onto_this_machines_clock_by_the_offset()
    {
        var estimate = new ClockEstimate();
        for (var i = 0; i < ClockEstimate.Window; i++) estimate.Add(Probe((1000 + i) * Ms, 5 * Ms, 1000, 1000));

        Assert.Equal(105 * Ms, estimate.LocalOf(100 * Ms));
        Assert.Equal(100 * Ms, estimate.NetworkOf(105 * Ms));
    }
}
