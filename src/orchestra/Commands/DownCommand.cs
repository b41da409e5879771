using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary><c>orchestra down DIR</c>: stop exactly what <c>up</c> started, newest first, and remove its files.</summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var json = CommonOptions.Json();
        var command = new Command("down", "Tear the orchestra down: stop every process it started, in reverse order, and remove its files") { directory, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var deployer = new Deployer(new CommandRunner());
            if (deployer.StateOf(dir) is not { } state)
            {
                AnsiConsole.MarkupLineInterpolated($"Nothing of {DisplayPath.Of(dir)} is up.");
                return ExitCodes.Success;
            }
            await deployer.DownAsync(state, DeployProgress.For(parse.GetValue(json)), cancel);
            if (!parse.GetValue(json)) AnsiConsole.MarkupLineInterpolated($"{DisplayPath.Of(dir)} is down: {state.Machines.Count} machines cleaned.");
            return ExitCodes.Success;
        });
        return command;
    }
}
