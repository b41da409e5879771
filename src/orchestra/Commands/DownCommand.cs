using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra down DIR</c>: stop exactly what <c>up</c> started, newest first, and remove its files.
/// </summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var json = CommonOptions.Json();
        var command = new Command("down",
            "Tear the orchestra down: stop every process it started, in reverse order, and remove its files")
            { directory, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var asJson = parse.GetValue(json);
            TeardownReport? teardown;
            try
            {
                teardown = await new Deployer(new CommandRunner()).DownAsync(dir, DeployProgress.For(asJson), cancel);
            }
            catch (DeploymentBusyException e)
            {
                Console.Error.WriteLine($"orchestra: error: {e.Message}");
                return ExitCodes.Failure;
            }
            if (teardown is null)
            {
                if (!asJson) AnsiConsole.MarkupLineInterpolated($"Nothing of {DisplayPath.Of(dir)} is up.");
                return ExitCodes.Success;
            }
            if (!teardown.Complete)
            {
                Console.Error.WriteLine(
                    $"orchestra: error: could not stop everything of {DisplayPath.Of(dir)}:\n{teardown.Unfinished}");
                Console.Error.WriteLine($"orchestra: the others are down; 'orchestra down {DisplayPath.Of(dir)}' "
                    + "again, once they answer, stops the rest");
                return ExitCodes.Failure;
            }
            if (!asJson)
            {
                var elsewhere = teardown.Machines.Where(m => m.Outcome != TeardownOutcome.Stopped)
                    .Select(m => m.ToString()).ToList();
                AnsiConsole.MarkupInterpolated($"{DisplayPath.Of(dir)} is down: {teardown.Machines.Count} machines ");
                AnsiConsole.MarkupLineInterpolated(
                    $"cleaned{(elsewhere.Count == 0 ? "" : $" ({string.Join("; ", elsewhere)})")}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
