namespace CloudOrchestra.Node.Diagnostics;

/// <summary>The node's log: one line per event, to its standard error, which the agent keeps as the process's log.</summary>
public static class NodeLog
{
    private static readonly Lock Gate = new();

    public static void Line(TextWriter log, string text)
    {
        lock (Gate)
        {
            log.WriteLine($"orchestra-node: {text}");
            log.Flush();
        }
    }
}
