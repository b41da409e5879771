using System.Runtime.InteropServices;

namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// A sleep until a moment of CLOCK_MONOTONIC that another thread can cut short: a timerfd set to the moment and an
/// eventfd to wake it, polled together. The kernel's high-resolution timer wakes it within microseconds, where a
/// condition variable's timeout is counted in milliseconds and a spin on a busy computer is preempted.
/// </summary>
internal sealed partial class Alarm : IDisposable
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const short Readable = 1;
    private readonly int timer;
    private readonly int wake;

    public Alarm()
    {
        timer = timerfd_create(ClockMonotonic, CloseOnExec | NonBlocking);
        wake = eventfd(0, CloseOnExec | NonBlocking);
        if (timer < 0 || wake < 0)
            throw new InvalidOperationException($"no timerfd or eventfd: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// Sleeps until <paramref name="at"/> (nanoseconds of CLOCK_MONOTONIC; 0: until woken) or <see cref="Wake"/>.
    /// </summary>
    public void SleepUntil(long at)
    {
        var setting = new TimerSetting(0, 0, at / 1_000_000_000, at % 1_000_000_000);
        if (at > 0 && timerfd_settime(timer, TimerAbsolute, in setting, IntPtr.Zero) != 0)
            throw new InvalidOperationException($"timerfd_settime: errno {Marshal.GetLastPInvokeError()}");
        Span<PollFd> fds = [new(timer, Readable), new(wake, Readable)];
        while (poll(ref MemoryMarshal.GetReference(fds), 2, -1) < 0 && Marshal.GetLastPInvokeError() == Eintr) { }
        Drain(timer);
        Drain(wake);
        if (at > 0) timerfd_settime(timer, TimerAbsolute, new TimerSetting(0, 0, 0, 0), IntPtr.Zero);
    }

    /// <summary>Ends a <see cref="SleepUntil"/> now, or the next one at once if none is asleep.</summary>
    public void Wake()
    {
        ulong one = 1;
        _ = write(wake, ref one, 8);
    }

    private static void Drain(int fd)
    {
        ulong count = 0;
        _ = read(fd, ref count, 8);
    }

    public void Dispose()
    {
        _ = close(timer);
        _ = close(wake);
    }

    private const int Eintr = 4;

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimerSetting(long IntervalSeconds, long IntervalNanoseconds, long Seconds,
        long Nanoseconds);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd(int fd, short events)
    {
        public int Fd = fd;
        public short Events = events;
        public short Returned;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int timerfd_create(int clock, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int timerfd_settime(int fd, int flags, in TimerSetting setting, IntPtr old);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initial, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint count, int timeout);

    [LibraryImport("libc")]
    private static partial nint read(int fd, ref ulong value, nuint count);

    [LibraryImport("libc")]
    private static partial nint write(int fd, ref ulong value, nuint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
