namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// Messages held until their time (Aura: delivered to the zone at once, to the object at the designated time), by this
/// machine's monotonic clock. One thread sleeps until shortly before the earliest, then spins the last stretch: a
/// sleep alone wakes up to a millisecond late.
/// </summary>
public sealed class HeldMessages : IDisposable
{
    private const long SpinNanoseconds = 1_500_000;
    private readonly PriorityQueue<Action, long> queue = new();
    private readonly object gate = new();
    private readonly Func<long> now;
    private readonly Thread thread;
    private bool stopped;

    public HeldMessages(Func<long> now)
    {
        this.now = now;
        thread = new Thread(Run) { IsBackground = true, Name = "held messages", Priority = ThreadPriority.Highest };
        thread.Start();
    }

    public int Count { get { lock (gate) return queue.Count; } }

    /// <summary>Runs <paramref name="hand"/> at <paramref name="at"/> (this machine's clock), or at once if that is past.</summary>
    public void Hold(long at, Action hand)
    {
        if (at <= now())
        {
            hand();
            return;
        }
        lock (gate)
        {
            queue.Enqueue(hand, at);
            Monitor.PulseAll(gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            long at;
            lock (gate)
            {
                if (stopped) return;
                if (!queue.TryPeek(out _, out at))
                {
                    Monitor.Wait(gate);
                    continue;
                }
                var wait = at - now() - SpinNanoseconds;
                if (wait > 0)
                {
                    Monitor.Wait(gate, TimeSpan.FromTicks(Math.Max(1, wait / 100)));
                    continue;
                }
            }
            while (now() < at) Thread.SpinWait(20);   // outside the lock: Hold never waits on a spin
            Action? due = null;
            lock (gate)
            {
                if (queue.TryPeek(out _, out var first) && first <= now()) due = queue.Dequeue();
            }
            due?.Invoke();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.PulseAll(gate);
        }
        thread.Join();
    }
}
