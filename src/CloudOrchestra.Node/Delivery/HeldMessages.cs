using CloudOrchestra.Node.Clock;

namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// Messages held until their time (Aura: delivered to the zone at once, to the object at the designated time), by this
/// machine's monotonic clock. One thread, scheduled as promptly as the machine allows (<see cref="RealTime"/>), sleeps
/// on an <see cref="Alarm"/> until just before the earliest, then spins the last few microseconds of the kernel's
/// wake-up.
/// </summary>
public sealed class HeldMessages : IDisposable
{
    private const long SpinNanoseconds = 100_000;
    private readonly PriorityQueue<Action, long> queue = new();
    private readonly object gate = new();
    private readonly Alarm alarm = new();
    private readonly Action<string> say;
    private readonly Thread thread;
    private volatile bool stopped;

    /// <param name="say">Told once, from the thread, how it is scheduled to hand messages over.</param>
    public HeldMessages(Action<string> say)
    {
        this.say = say;
        thread = new Thread(Run) { IsBackground = true, Name = "held messages" };
        thread.Start();
    }

    public int Count { get { lock (gate) return queue.Count; } }

    /// <summary>
    /// Runs <paramref name="hand"/> at <paramref name="at"/> (this machine's clock), or at once if that is past.
    /// </summary>
    public void Hold(long at, Action hand)
    {
        if (at <= Monotonic.Now())
        {
            hand();
            return;
        }
        bool earliest;
        lock (gate)
        {
            queue.Enqueue(hand, at);
            earliest = queue.TryPeek(out _, out var first) && first == at;
        }
        if (earliest) alarm.Wake();
    }

    private void Run()
    {
        say($"timed messages are handed over at {RealTime.Raise()}");
        while (!stopped)
        {
            long at;
            lock (gate) at = queue.TryPeek(out _, out var first) ? first : 0;
            if (at == 0 || Monotonic.Now() < at - SpinNanoseconds)
            {
                alarm.SleepUntil(at == 0 ? 0 : at - SpinNanoseconds);
                continue;   // an earlier message may have come meanwhile
            }
            while (Monotonic.Now() < at) Thread.SpinWait(20);
            HandDue();
        }
    }

    private void HandDue()
    {
        while (true)
        {
            Action due;
            lock (gate)
            {
                if (!queue.TryPeek(out _, out var first) || first > Monotonic.Now()) return;
                due = queue.Dequeue();
            }
            due();
        }
    }

    public void Dispose()
    {
        stopped = true;
        alarm.Wake();
        thread.Join();
        alarm.Dispose();
    }
}
