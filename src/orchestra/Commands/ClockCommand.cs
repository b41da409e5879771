using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloudOrchestra.Deploy.Control;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra clock DIR [--json]</c>: per machine, its clock's offset to network time (the listener's monotonic
/// clock), the round trip it was measured over and how far off it can be.
/// </summary>
internal static class ClockCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var json = CommonOptions.Json();
        var command = new Command("clock",
            "Show each machine's clock against network time: offset, round trip and error bound, in milliseconds")
            { directory, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            if (new Deployer(new CommandRunner()).StateOf(dir) is not { Up: true, Conductor: { } conductor })
                return NotUp.Say(dir);
            if (await new ConductorClient(conductor.Local()).ClockJsonAsync(TimeSpan.FromSeconds(5), cancel)
                is not { } report)
            {
                Console.Error.WriteLine(
                    $"orchestra: the conductor (UDP port {conductor.Port} here) did not answer in 5 s");
                return ExitCodes.Failure;
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(report);
                return ExitCodes.Success;
            }
            using var document = JsonDocument.Parse(report);
            var table = new Table().AddColumn("Machine").AddColumn(new TableColumn("Offset (ms)").RightAligned())
                .AddColumn(new TableColumn("Round trip (ms)").RightAligned())
                .AddColumn(new TableColumn("± (ms)").RightAligned());
            string Ms(JsonElement m, string key) =>
                m.TryGetProperty(key, out var v) ? v.GetDouble().ToString("0.000", CultureInfo.InvariantCulture) : "-";
            foreach (var m in document.RootElement.GetProperty("machines").EnumerateArray())
                table.AddRow(Markup.Escape(m.GetProperty("name").GetString()!), Ms(m, "offsetMs"), Ms(m, "rttMs"),
                    Ms(m, "errorBoundMs"));
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
