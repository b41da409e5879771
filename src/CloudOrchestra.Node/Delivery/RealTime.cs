using System.Runtime.InteropServices;

namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// Real-time scheduling for the calling thread, where the machine allows it as it allows JACK's (the audio group's
/// rtprio in limits.conf, or root): a thread at SCHED_FIFO runs the moment it wakes, where a normal one on a busy
/// computer can wait milliseconds behind others.
/// </summary>
internal static partial class RealTime
{
    private const int Fifo = 1;

    /// <summary>
    /// A priority below JACK's own threads (jackd's default is 10, its clients' process threads just under it), so
    /// that handing over a message never delays audio.
    /// </summary>
    public const int HandingPriority = 5;

    /// <returns>Null when the calling thread now runs at <paramref name="priority"/>; else why not.</returns>
    public static string? TryRaise(int priority)
    {
        var parameter = priority;
        return sched_setscheduler(0, Fifo, in parameter) == 0 ? null
            : Marshal.GetLastPInvokeError() == 1 ? "this machine allows no real-time priority (RLIMIT_RTPRIO)"
            : $"sched_setscheduler failed (errno {Marshal.GetLastPInvokeError()})";
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int thread, int policy, in int priority);
}
