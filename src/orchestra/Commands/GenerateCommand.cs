using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Generation;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra generate DIR [--hosts FILE] [--out DIR/gen] [--format bash|ansible|both]</c>: the deployment
/// <c>up</c> would run, as bash scripts and an Ansible playbook that run without the tool.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var hosts = CommonOptions.Hosts();
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write them (default: DIR/gen)" };
        var format = new Option<string>("--format")
            { Description = "bash, ansible or both", DefaultValueFactory = _ => "both" };
        format.AcceptOnlyFromAmong("bash", "ansible", "both");
        var command = new Command("generate",
            "Write the deployment as bash scripts (run.sh, teardown.sh, status.sh, listen.sh) and an Ansible playbook")
        {
            directory, hosts, output, format,
        };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            Prepared prepared;
            try
            {
                prepared = await new Deployer(new CommandRunner()).PrepareAsync(dir, parse.GetValue(hosts)?.FullName,
                    new Progress<string>(line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]")), cancel,
                    makeCloud: false);
            }
            catch (CommandFailedException e)
            {
                Console.Error.WriteLine($"orchestra: {e.Message}");
                return ExitCodes.Failure;
            }
            DiagnosticPrinter.Print(prepared.Diagnostics);
            if (prepared.Plan is not { } plan) return ExitCodes.InvalidInput;
            var target = parse.GetValue(output)?.FullName ?? Path.Combine(dir, "gen");
            var formats = parse.GetValue(format) switch { "bash" => GenerateFormat.Bash,
                "ansible" => GenerateFormat.Ansible, _ => GenerateFormat.Both };
            IReadOnlyList<string> written;
            try
            {
                written = GeneratedDeployment.Write(plan, target, formats);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"orchestra: error: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"orchestra: {e.Message}");
                return ExitCodes.Failure;
            }
            var shown = DisplayPath.Of(target);
            AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{shown}[/]: {string.Join(", ", written)}");
            if (formats.HasFlag(GenerateFormat.Bash))
            {
                AnsiConsole.MarkupInterpolated($"Deploy: [bold]{shown}/run.sh[/]; hear: [bold]{shown}/listen.sh[/]; ");
                AnsiConsole.MarkupLineInterpolated(
                    $"check: [bold]{shown}/status.sh[/]; stop: [bold]{shown}/teardown.sh[/]");
            }
            if (formats.HasFlag(GenerateFormat.Ansible))
                AnsiConsole.MarkupLineInterpolated(
                    $"Or: [bold]ansible-playbook -i {shown}/ansible/inventory.ini {
                        shown}/ansible/up.yml[/] (and down.yml)");
            return ExitCodes.Success;
        });
        return command;
    }
}
