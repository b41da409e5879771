using System.Text.Json;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// What a deployment started, one JSON line per process (machine, name, pid, start time, command), appended
/// as each starts so that it survives the CLI being killed midway. <c>down</c> reads it back.
/// </summary>
public sealed class RunRecord(string path)
{
    public sealed record Entry(DateTimeOffset At, string Machine, string Name, int Pid, string StartTime, IReadOnlyList<string> Command);

    private readonly Lock _lock = new();

    public void Append(Entry entry)
    {
        lock (_lock) File.AppendAllText(path, JsonSerializer.Serialize(entry) + "\n");
    }

    public IReadOnlyList<Entry> Read() =>
        File.Exists(path) ? [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Entry>(l)!)] : [];
}
