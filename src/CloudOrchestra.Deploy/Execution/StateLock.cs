namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// An exclusive lock on a file of the tool's state directory (<c>locks/NAME.lock</c>), whichever process takes it (two
/// terminals, the studio): the system drops it when its holder ends, however it ends. One <c>up</c> or <c>down</c> of a
/// deployment at a time; one change of the local cloud at a time.
/// </summary>
public sealed class StateLock : IDisposable
{
    private const int WouldBlock = 11;   // EWOULDBLOCK: the lock is held; .NET gives errno as the HResult here

    private readonly FileStream held;

    private StateLock(FileStream held) => this.held = held;

    /// <summary>The lock, or null at once when another process holds it.</summary>
    public static StateLock? TryTake(string name)
    {
        var directory = Path.Combine(StateDirectory.Root, "locks");
        Directory.CreateDirectory(directory);
        try
        {
            // FileShare.None: .NET takes flock(LOCK_EX | LOCK_NB) on the file, which another process then cannot take.
            return new StateLock(new FileStream(Path.Combine(directory, $"{name}.lock"), FileMode.OpenOrCreate,
                FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e.HResult == WouldBlock)
        {
            return null;
        }
    }

    /// <summary>The lock once the process that holds it lets it go, or null after <paramref name="timeout"/>.</summary>
    public static async Task<StateLock?> TakeAsync(string name, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryTake(name) is { } taken) return taken;
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(50, cancel);
        }
    }

    public void Dispose() => held.Dispose();
}

/// <summary>A deployment is being brought up or down by another process.</summary>
public sealed class DeploymentBusyException(string message) : Exception(message);
