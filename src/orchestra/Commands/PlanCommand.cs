using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Loading;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra plan DIR [--hosts FILE] [--alpha N] [--time-limit S] [--json]</c>: place blocks on machines.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var hosts = CommonOptions.Hosts();
        var json = CommonOptions.Json();
        var alpha = new Option<double?>("--alpha")
        {
            Description = "Weight of one core of overflow against one remote link (default: number of connections + 1)",
        };
        var timeLimit = new Option<double?>("--time-limit")
        {
            Description = "Seconds the exact search may take before the best plan found is returned unproven "
                + $"(default {PlacementOptions.DefaultTimeLimit.TotalSeconds})",
        };
        var command = new Command("plan",
            "Place the orchestra's blocks on machines: least overflow first, then fewest remote links")
        {
            directory, hosts, alpha, timeLimit, json,
        };
        command.SetHandler(parse =>
        {
            if (parse.GetValue(alpha) is < 0 or double.NaN || parse.GetValue(timeLimit) is <= 0 or double.NaN)
            {
                Console.Error.WriteLine("orchestra: error: --alpha must be 0 or more and --time-limit more than 0");
                return ExitCodes.InvalidInput;
            }
            var result = OrchestraLoader.Load(parse.GetValue(directory)!.FullName, parse.GetValue(hosts)?.FullName,
                requireHosts: true);
            DiagnosticPrinter.Print(result.Diagnostics);
            if (!result.Succeeded) return ExitCodes.InvalidInput;
            var options = new PlacementOptions(parse.GetValue(alpha),
                parse.GetValue(timeLimit) is { } s ? TimeSpan.FromSeconds(s) : null);
            var placement = Optimizer.Place(result.Orchestra!, result.Resources!, options);
            if (parse.GetValue(json))
                JsonOutput.Write(w => PlanJson.Write(w, result.Orchestra!, result.Resources!, placement));
            else PlanView.Show(result.Orchestra!, result.Resources!, placement);
            return ExitCodes.Success;
        });
        return command;
    }
}
