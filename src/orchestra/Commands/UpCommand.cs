using System.CommandLine;
using System.Globalization;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deployment;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra up DIR [--hosts FILE] [--json]</c>: deploy, wire, export to the listener; stop everything on failure.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var hosts = CommonOptions.Hosts();
        var json = CommonOptions.Json();
        var command = new Command("up",
            "Deploy the orchestra: sync files, start jackd, links and synths, wire them, export to the listener")
        {
            directory, hosts, json,
        };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var asJson = parse.GetValue(json);
            var shown = DisplayPath.Of(dir);
            var notes = new Progress<string>(
                line => { if (!asJson) AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"); });
            UpResult result;
            try
            {
                result = await new Deployer(new CommandRunner())
                    .UpAsync(dir, parse.GetValue(hosts)?.FullName, notes, DeployProgress.For(asJson),
                    prepared =>
                    {
                        DiagnosticPrinter.Print(prepared.Diagnostics);
                        if (!asJson)
                            PlanView.Show(prepared.Plan!.Orchestra, prepared.Resources!, prepared.Plan.Placement);
                    }, cancel);
            }
            catch (DeploymentFailedException e)
            {
                Console.Error.WriteLine($"orchestra: error: {e.Message}");
                Console.Error.WriteLine($"orchestra: {e.Cleanup}");
                if (e.Teardown is { Complete: false })
                    Console.Error.WriteLine($"orchestra: once they answer, 'orchestra down {shown}' stops the rest");
                return ExitCodes.Failure;
            }
            catch (DeploymentBusyException e)
            {
                Console.Error.WriteLine($"orchestra: error: {e.Message}");
                return ExitCodes.Failure;
            }
            switch (result)
            {
                case UpResult.AlreadyUp up:
                    Console.Error.WriteLine($"orchestra: {shown} is already up (since {up.State.StartedAt:u}); "
                        + $"'orchestra down {shown}' stops it");
                    return ExitCodes.Success;
                case UpResult.Invalid invalid:
                    DiagnosticPrinter.Print(invalid.Diagnostics);
                    return ExitCodes.InvalidInput;
                case UpResult.EarlierNotStopped earlier:
                    Console.Error.WriteLine("orchestra: error: an earlier 'up' did not finish, "
                        + $"and what it started could not all be stopped:\n{earlier.Teardown.Unfinished}");
                    Console.Error.WriteLine("orchestra: nothing new was started; once they answer, "
                        + $"'orchestra down {shown}' stops the rest");
                    return ExitCodes.Failure;
                case UpResult.Done done:
                    if (!asJson) ShowTimings(done.Timings, shown);
                    return ExitCodes.Success;
                default:
                    throw new InvalidOperationException($"unknown outcome {result}");
            }
        });
        return command;
    }

    private static void ShowTimings(DeploymentTimings timings, string dir)
    {
        var table = new Table().AddColumn("Step").AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var (step, time) in timings.Steps)
            table.AddRow(step.Title(), time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("[bold]total[/]",
            $"[bold]{timings.Total.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupInterpolated(
            $"Up and wired. Hear it: [bold]orchestra listen {dir}[/] (or record it: [bold]--record out.wav[/]); ");
        AnsiConsole.MarkupLineInterpolated($"stop it: [bold]orchestra down {dir}[/]");
    }
}
