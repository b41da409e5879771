using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra status DIR [--json]</c>: per machine, is jackd, every link and synth alive, and is JACK wired as
/// planned.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var json = CommonOptions.Json();
        var command = new Command("status",
            "Show whether every machine's jackd, links and synths are alive and wired as planned; exit 1 if not")
            { directory, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var run = new CommandRunner();
            if (new Deployer(run).StateOf(dir) is not { } state)
            {
                Console.Error.WriteLine($"orchestra: {DisplayPath.Of(dir)} is not up");
                return ExitCodes.Failure;
            }
            var machines = await new DeploymentStatus(SshTransport.For(run)).StatusAsync(state, cancel);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w => StatusJson.Write(w, machines, state.Conductor));
            }
            else
            {
                var table = new Table().AddColumn("Machine").AddColumn("Processes").AddColumn("Wiring");
                foreach (var m in machines)
                {
                    var processes = string.Join(", ",
                        m.Processes.Select(
                            p =>
                                p.Alive
                                    ? Markup.Escape(p.Name)
                                    : $"[red]{Markup.Escape(p.Name)} ({p.State.Word()})[/]"));
                    var wired = m.Wires.Count(w => w.Connected == true);
                    var wiring = m.Wires.Any(w => w.Connected is null) ? "[yellow]not asked (a process is stopped)[/]"
                        : wired == m.Wires.Count
                            ? $"[green]{wired}/{m.Wires.Count}[/]"
                            : $"[red]{wired}/{m.Wires.Count}[/]";
                    table.AddRow(Markup.Escape(m.Machine), m.Reachable ? processes : "[red]unreachable[/]", wiring);
                }
                AnsiConsole.Write(table);
                if (state.Conductor is { } conductor)
                    AnsiConsole.MarkupLine(
                        $"Control: OSC to [bold]{conductor.Address}:{conductor.Port}[/] plays it (/BLOCK/address ...)");
            }
            return machines.All(m => m.Healthy) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
