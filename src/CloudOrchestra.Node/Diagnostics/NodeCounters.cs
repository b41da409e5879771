using System.Collections.Concurrent;
using System.Text.Json;

namespace CloudOrchestra.Node.Diagnostics;

/// <summary>
/// What a node dropped, and why, and what it passed on: a node never dies of a bad message, it counts and logs it.
/// The first few drops of each reason are logged in full, then every thousandth, so that a flood cannot fill a disk.
/// </summary>
public sealed class NodeCounters(TextWriter log)
{
    private readonly ConcurrentDictionary<string, long> dropped = new(StringComparer.Ordinal);
    private long delivered;
    private long forwarded;

    public void Delivered() => Interlocked.Increment(ref delivered);

    public void Forwarded() => Interlocked.Increment(ref forwarded);

    /// <param name="reason">A short, fixed phrase ("unknown block"): the key it is counted under.</param>
    /// <param name="detail">What was dropped and from where, for the log.</param>
    public void Dropped(string reason, string detail)
    {
        var count = dropped.AddOrUpdate(reason, 1, (_, n) => n + 1);
        if (count <= 5 || count % 1000 == 0)
            NodeLog.Line(log, $"dropped ({reason}, {count} so far): {detail}");
    }

    public long DroppedFor(string reason) => dropped.GetValueOrDefault(reason);

    /// <summary>
    /// The counters as one JSON object: <c>{"delivered": N, "forwarded": N, "dropped": {"REASON": N}}</c>.
    /// </summary>
    public string ToJson()
    {
        using var text = new MemoryStream();
        using (var json = new Utf8JsonWriter(text))
        {
            json.WriteStartObject();
            json.WriteNumber("delivered", Interlocked.Read(ref delivered));
            json.WriteNumber("forwarded", Interlocked.Read(ref forwarded));
            json.WriteStartObject("dropped");
            foreach (var (reason, count) in dropped.OrderBy(d => d.Key, StringComparer.Ordinal))
                json.WriteNumber(reason, count);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }
}
