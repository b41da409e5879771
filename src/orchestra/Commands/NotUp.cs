using CloudOrchestra.Loading;

namespace CloudOrchestra.Cli.Commands;

/// <summary>What a command that plays or hears a deployment says when it is not up: one message, and exit 1.</summary>
internal static class NotUp
{
    public static int Say(string dir)
    {
        Console.Error.WriteLine(
            $"orchestra: {DisplayPath.Of(dir)} is not up: 'orchestra up {DisplayPath.Of(dir)}' first");
        return ExitCodes.Failure;
    }
}
