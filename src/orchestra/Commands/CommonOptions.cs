using System.CommandLine;

namespace CloudOrchestra.Cli.Commands;

/// <summary>Options several commands share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<DirectoryInfo> OrchestraDirectory() =>
        new("DIR") { Description = "The orchestra: a directory holding synthdef.json and its module directories" };

    public static Option<FileInfo?> Hosts() =>
        new("--hosts") { Description = "The machines to use (default: DIR/hosts.json, then DIR/slaves.json)" };

    public static Option<bool> Json() =>
        new("--json") { Description = "Print JSON for scripts instead of tables" };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show full details of unexpected failures",
        Recursive = true,
    };
}
