using System.Runtime.InteropServices;

namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// Prompt scheduling for the calling thread. Real-time priority where the machine allows it as it allows JACK's (the
/// audio group's rtprio in limits.conf, or root): a thread at SCHED_FIFO runs the moment it wakes. Elsewhere a short
/// slice (Linux 6.12's EEVDF slice request, which needs no privilege): a normal thread that asks for a slice shorter
/// than the running one's takes the core from it as it wakes, where it would otherwise wait out that thread's slice
/// (milliseconds on a busy computer).
/// </summary>
internal static partial class RealTime
{
    /// <summary>
    /// A priority below JACK's own threads (jackd's default is 10, its clients' process threads just under it), so
    /// that handing over a message never delays audio.
    /// </summary>
    public const int HandingPriority = 5;

    /// <summary>The slice asked for at normal priority: a message is handed over in some microseconds.</summary>
    public const long ShortSliceNanoseconds = 100_000;

    private const int Fifo = 1;
    private const int NotPermitted = 1;
    private const long SchedSetattr = 314, SchedGetattr = 315;   // x86_64, the node's one platform

    /// <returns>How the calling thread is now scheduled, in words for the log.</returns>
    public static string Raise()
    {
        if (Get() is not { } now) return "the priority it was started with (its scheduling cannot be read)";
        if (Set(now with { Policy = Fifo, Priority = HandingPriority, Nice = 0 }) is not { } refused)
            return $"real-time priority {HandingPriority}";
        var why = refused == NotPermitted ? "this machine allows no real-time priority (RLIMIT_RTPRIO)"
            : $"no real-time priority (errno {refused})";
        // Its nice value kept as it was started: a lower one would need a privilege too.
        var shortened = Set(now with { Runtime = ShortSliceNanoseconds }) is null
            && Get()?.Runtime == ShortSliceNanoseconds;
        return shortened ? $"normal priority with a {ShortSliceNanoseconds / 1000} µs slice: {why}"
            : $"normal priority: {why}; no short slice either (a kernel before 6.12)";
    }

    private static SchedulingAttributes? Get() =>
        syscall(SchedGetattr, 0, out var attributes, SchedulingAttributes.Size, 0) == 0 ? attributes : null;

    /// <returns>Null once set; else the errno.</returns>
    private static int? Set(SchedulingAttributes attributes) =>
        syscall(SchedSetattr, 0, in attributes, 0) == 0 ? null : Marshal.GetLastPInvokeError();

    /// <summary>The kernel's <c>struct sched_attr</c> (its first version, 48 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private record struct SchedulingAttributes
    {
        public const uint Size = 48;
        public uint Length;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int thread, in SchedulingAttributes attributes, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int thread, out SchedulingAttributes attributes, uint size,
        uint flags);
}
