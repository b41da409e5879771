using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Loading;
using CloudOrchestra.Planning;
using CloudOrchestra.Deployment;
using CloudOrchestra.Templates;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra render DIR --block NAME</c>: what a templated block's files become, with the machines the plan
/// gives (or stand-ins without a hosts file), for debugging a template.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var block = new Option<string>("--block") { Description = "The block whose files to show", Required = true };
        var hosts = CommonOptions.Hosts();
        var command = new Command("render", "Show what a block's module files become when its module is templated")
            { directory, block, hosts };
        command.SetHandler((parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var result = OrchestraLoader.Load(dir, parse.GetValue(hosts)?.FullName, requireHosts: false);
            DiagnosticPrinter.Print(result.Diagnostics);
            if (!result.Succeeded) return Task.FromResult(ExitCodes.InvalidInput);
            var orchestra = result.Orchestra!;
            var name = parse.GetValue(block)!;
            if (orchestra.Find(name) is not { } target)
            {
                Console.Error.WriteLine($"{DisplayPath.Of(Path.Combine(dir, "synthdef.json"))}: error: "
                    + $"no block '{name}' (blocks: {string.Join(", ", orchestra.Blocks.Select(b => b.Name))})");
                return Task.FromResult(ExitCodes.InvalidInput);
            }
            if (!target.Module.Templated)
            {
                Console.WriteLine(
                    $"block '{name}': module '{target.Module.Name}' is not templated: its files are used as they are");
                return Task.FromResult(ExitCodes.Success);
            }
            Func<string, BlockPlace> placeOf = _ => ModuleTemplates.StandIn;
            if (result.Resources is { } resources)
            {
                placeOf = DeploymentPlanner.Build(orchestra, resources, Optimizer.Place(orchestra, resources)).PlaceOf;
            }
            foreach (var (path, text) in ModuleTemplates.Render(orchestra, target, placeOf))
            {
                Console.WriteLine($"==> {ModuleTemplates.DirectoryOf(target)}/{path} <==");
                Console.Write(text.EndsWith('\n') ? text : text + "\n");
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
