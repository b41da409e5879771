using System.CommandLine;
using System.Reflection;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra init DIR</c>: writes the paper's example, FM → low-pass → DAC plus ADC → low-pass → DAC,
/// with its Csound modules and a hosts file. The files are <c>examples/fm-lp</c>, built into the tool.
/// </summary>
internal static class InitCommand
{
    private const string ResourcePrefix = "init/";

    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR")
            { Description = "Where to write the example orchestra (new or empty)" };
        var command = new Command("init", "Write a working example orchestra to start from") { directory };
        command.SetHandler(parse =>
        {
            var target = parse.GetValue(directory)!;
            if (target.Exists && target.EnumerateFileSystemInfos().Any())
            {
                Console.Error.WriteLine($"{DisplayPath.Of(target.FullName)}: error: "
                    + "the directory exists and is not empty; choose a new one");
                return ExitCodes.InvalidInput;
            }
            var assembly = Assembly.GetExecutingAssembly();
            var files = assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order().ToList();
            foreach (var name in files)
            {
                var path = Path.Combine(target.FullName, name[ResourcePrefix.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var source = assembly.GetManifestResourceStream(name)!;
                using var file = File.Create(path);
                source.CopyTo(file);
            }
            var shown = DisplayPath.Of(target.FullName);
            AnsiConsole.MarkupLineInterpolated(
                $"Wrote {files.Count} files to [bold]{shown}[/]. Next: [bold]orchestra plan {shown}[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
