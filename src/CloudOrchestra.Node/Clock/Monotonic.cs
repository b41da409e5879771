using System.Diagnostics;

namespace CloudOrchestra.Node.Clock;

/// <summary>
/// This machine's CLOCK_MONOTONIC in nanoseconds (Stopwatch reads it on Linux): the clock network time is made of,
/// never the wall clock, which jumps when it is set.
/// </summary>
public static class Monotonic
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    public static long Now() => Stopwatch.Frequency == 1_000_000_000
        ? Stopwatch.GetTimestamp()
        : (long)(Stopwatch.GetTimestamp() * NanosecondsPerTick);
}
