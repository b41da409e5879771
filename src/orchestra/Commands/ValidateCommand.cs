using CloudOrchestra.Diagnostics;
using System.CommandLine;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary><c>orchestra validate DIR [--hosts FILE] [--json]</c>: check every file, report every problem.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var hosts = CommonOptions.Hosts();
        var json = CommonOptions.Json();
        var command = new Command("validate",
            "Check an orchestra and its hosts file; report every problem with its file, line and column")
        {
            directory, hosts, json,
        };
        command.SetHandler(parse =>
        {
            var result = OrchestraLoader.Load(parse.GetValue(directory)!.FullName, parse.GetValue(hosts)?.FullName,
                requireHosts: false);
            if (parse.GetValue(json)) WriteJson(result);
            else Report(result);
            return result.Succeeded ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return command;
    }

    private static void Report(LoadResult result)
    {
        DiagnosticPrinter.Print(result.Diagnostics);
        if (!result.Succeeded) return;
        var o = result.Orchestra!;
        var hosts = result.Resources is { } r ? $"; {r.Hosts.Length} machines in {r.File}" : "; no hosts file";
        AnsiConsole.MarkupInterpolated(
            $"[green]valid[/]: {o.SynthdefFile}: {o.Blocks.Length} blocks, {o.Connections.Length} connections, ");
        AnsiConsole.MarkupLineInterpolated($"{o.Modules.Count()} modules{hosts}");
    }

    private static void WriteJson(LoadResult result) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("valid", result.Succeeded);
        DiagnosticJson.Write(json, "errors", result.Diagnostics.Where(d => d.IsError));
        DiagnosticJson.Write(json, "warnings", result.Diagnostics.Where(d => !d.IsError));
        json.WriteEndObject();
    });
}
