using System.Collections.Concurrent;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Tests.Execution;

/// <summary>
/// Machines that answer as agents do, in memory: every call is recorded, and each answered as the real agent would
/// succeed (<c>started NAME PID START</c> for a process, <c>ports P...</c> for a reservation) unless
/// <see cref="Answer"/> says otherwise. What the executor does with the machines is then read off <see cref="Calls"/>.
/// </summary>
public sealed class FakeTransport : IMachineTransport
{
    private readonly ConcurrentQueue<(string Machine, IReadOnlyList<string> Words)> calls = new();
    private readonly ConcurrentQueue<string> synced = new(), stopped = new(), removed = new();
    private int pids = 1000;

    /// <summary>Every agent call, in the order they arrived.</summary>
    public IReadOnlyList<(string Machine, IReadOnlyList<string> Words)> Calls => [.. calls];

    public IReadOnlyList<string> Synced => [.. synced];
    public IReadOnlyList<string> Stopped => [.. stopped];
    public IReadOnlyList<string> Removed => [.. removed];

    /// <summary>
    /// A machine's answer to a call in place of success; null for success. It may wait (to hold a machine back).
    /// </summary>
    public Func<string, IReadOnlyList<string>, CancellationToken, Task<CommandResult?>> Answer { get; set; } =
        (_, _, _) => Task.FromResult<CommandResult?>(null);

    /// <summary>The port a machine keeps when asked for one (as if another program held some).</summary>
    public Func<string, int, int> Reserve { get; set; } = (_, port) => port;

    /// <summary>Machines whose sync fails, as an unreachable one's would.</summary>
    public ISet<string> Unreachable { get; } = new HashSet<string>();

    /// <summary>Machines whose teardown fails (unreachable then).</summary>
    public ISet<string> Unstoppable { get; } = new HashSet<string>();

    public Task SyncAsync(string machine, string stagedDirectory, CancellationToken cancel)
    {
        if (!File.Exists(Path.Combine(stagedDirectory, "orchestra-agent")))
            throw new InvalidOperationException($"{machine}: nothing staged in {stagedDirectory}");
        if (Unreachable.Contains(machine))
            throw new CommandFailedException($"ssh: connect to host {machine} port 22: No route to host");
        synced.Enqueue(machine);
        return Task.CompletedTask;
    }

    public async Task<CommandResult> AgentAsync(string machine, IReadOnlyList<string> args, CancellationToken cancel)
    {
        calls.Enqueue((machine, args));
        if (await Answer(machine, args, cancel) is { } answer) return answer;
        cancel.ThrowIfCancellationRequested();
        return new CommandResult(0, string.Concat(CallsIn(args).Select(c => Success(machine, c))), "");
    }

    public Task<MachineTeardown> StopAsync(string machine, CancellationToken cancel)
    {
        stopped.Enqueue(machine);
        return Task.FromResult(Unstoppable.Contains(machine)
            ? new MachineTeardown(machine, TeardownOutcome.Failed, "ssh: connect to host: No route to host")
            : new MachineTeardown(machine, TeardownOutcome.Stopped));
    }

    public Task RemoveAsync(string machine, CancellationToken cancel)
    {
        removed.Enqueue(machine);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// The calls in an agent command line: one, or those of a batch ("batch COUNT WORD... COUNT WORD...").
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> CallsIn(IReadOnlyList<string> args)
    {
        if (args[0] != "batch")
        {
            yield return args;
            yield break;
        }
        for (var i = 1; i < args.Count;)
        {
            var count = int.Parse(args[i]);
            yield return [.. args.Skip(i + 1).Take(count)];
            i += count + 1;
        }
    }

    private string Success(string machine, IReadOnlyList<string> call) => call[0] switch
    {
        "start" or "jackd" => $"started {call[1]} {Interlocked.Increment(ref pids)} 42\n",
        "reserve-ports" => $"ports {string.Join(' ', call.Skip(1).Where(w => w != "--exact")
            .Select(p => Reserve(machine, int.Parse(p))))}\n",
        _ => "",
    };
}
