namespace CloudOrchestra.Node;

/// <summary>The node's entry point; what it runs grows with the live layer (docs/node-protocol.md).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("orchestra-node: not yet a running node; its OSC codec is in use by 'orchestra'");
        return 1;
    }
}
