using System.Text.Json;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// What a deployment started, one JSON line per process (machine, name, pid, start time, command), appended
/// as each starts so that it survives the CLI being killed midway: for people, when they ask what ran where.
/// <c>down</c> needs no copy of it here: each machine's agent stops what it recorded itself, checking each process's
/// identity.
/// </summary>
public sealed class RunRecord(string path)
{
    public sealed record Entry(DateTimeOffset At, string Machine, string Name, int Pid, string StartTime,
        IReadOnlyList<string> Command);

    private readonly Lock _lock = new();

    public void Append(Entry entry)
    {
        lock (_lock) File.AppendAllText(path, JsonSerializer.Serialize(entry) + "\n");
    }
}
