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

/// <summary><c>orchestra up DIR [--hosts FILE] [--json]</c>: deploy, wire, export to the listener; stop everything on failure.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var hosts = CommonOptions.Hosts();
        var json = CommonOptions.Json();
        var command = new Command("up", "Deploy the orchestra: sync files, start jackd, links and synths, wire them, export to the listener")
        {
            directory, hosts, json,
        };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var asJson = parse.GetValue(json);
            var deployer = new Deployer(new CommandRunner());
            if (deployer.StateOf(dir) is { } existing)
            {
                if (existing.Up)
                {
                    Console.Error.WriteLine($"orchestra: {DisplayPath.Of(dir)} is already up (since {existing.StartedAt:u}); 'orchestra down {DisplayPath.Of(dir)}' stops it");
                    return ExitCodes.Success;
                }
                Console.Error.WriteLine("orchestra: an earlier 'up' did not finish; stopping what it started first");
                await deployer.DownAsync(existing, new Progress<DeployEvent>(), cancel);
            }
            var prepared = await deployer.PrepareAsync(dir, parse.GetValue(hosts)?.FullName,
                new Progress<string>(line => { if (!asJson) AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"); }), cancel);
            DiagnosticPrinter.Print(prepared.Diagnostics);
            if (prepared.Plan is not { } plan) return ExitCodes.InvalidInput;
            if (!asJson) PlanView.Show(plan.Orchestra, prepared.Resources!, plan.Placement);
            try
            {
                var timings = await deployer.UpAsync(prepared, DeployProgress.For(asJson), cancel);
                if (!asJson) ShowTimings(timings, DisplayPath.Of(dir));
                return ExitCodes.Success;
            }
            catch (DeploymentFailedException e)
            {
                Console.Error.WriteLine($"orchestra: error: {e.Message}");
                Console.Error.WriteLine("orchestra: everything that was started has been stopped");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static void ShowTimings(DeploymentTimings timings, string dir)
    {
        var table = new Table().AddColumn("Step").AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var (step, time) in timings.Steps) table.AddRow(step.Title(), time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("[bold]total[/]", $"[bold]{timings.Total.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Up and wired. Hear it: [bold]orchestra listen {dir}[/] (or record it: [bold]--record out.wav[/]); stop it: [bold]orchestra down {dir}[/]");
    }
}
