namespace CloudOrchestra.Node.Diagnostics;

/// <summary>
/// The node's log: one line per event, to its standard error, which the agent keeps as the process's log. A line that
/// cannot be written (a full disk) is lost, never the node.
/// </summary>
public static class NodeLog
{
    private static readonly Lock Gate = new();

    public static void Line(TextWriter log, string text)
    {
        lock (Gate)
        {
            try
            {
                log.WriteLine($"orchestra-node: {text}");
                log.Flush();
            }
            catch (IOException)
            {
                // nowhere to say it
            }
        }
    }
}
