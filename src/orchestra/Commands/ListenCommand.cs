using System.CommandLine;
using System.Globalization;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary><c>orchestra listen DIR --record FILE.wav --seconds S</c>: record what reaches the listener and say what it is.</summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var record = new Option<FileInfo>("--record") { Description = "The WAV file to record to", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "How long to record", DefaultValueFactory = _ => 5 };
        var json = CommonOptions.Json();
        var command = new Command("listen", "Record what reaches the listener, and report its level and dominant frequency") { directory, record, seconds, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            if (parse.GetValue(seconds) is <= 0 or > 3600)
            {
                Console.Error.WriteLine("orchestra: error: --seconds must be more than 0 and at most 3600");
                return ExitCodes.InvalidInput;
            }
            var deployer = new Deployer(new CommandRunner());
            if (deployer.StateOf(dir) is not { Up: true } state)
            {
                Console.Error.WriteLine($"orchestra: {DisplayPath.Of(dir)} is not up: 'orchestra up {DisplayPath.Of(dir)}' first");
                return ExitCodes.Failure;
            }
            if (state.ListenerPorts.Count == 0)
            {
                Console.Error.WriteLine("orchestra: the orchestra has no DAC: nothing reaches the listener");
                return ExitCodes.Failure;
            }
            var file = parse.GetValue(record)!.FullName;
            var heard = await deployer.RecordAsync(state, file, parse.GetValue(seconds), cancel);
            var f = CultureInfo.InvariantCulture;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("file", file);
                    w.WriteNumber("seconds", parse.GetValue(seconds));
                    w.WriteNumber("rmsDbfs", Math.Round(heard.RmsDbfs, 2));
                    w.WriteNumber("peak", Math.Round(heard.Peak, 4));
                    w.WriteNumber("dominantHz", Math.Round(heard.DominantHz, 1));
                    w.WriteEndObject();
                });
            }
            else
            {
                AnsiConsole.MarkupLine(string.Create(f, $"Recorded {parse.GetValue(seconds)} s to [bold]{Markup.Escape(DisplayPath.Of(file))}[/]: level {heard.RmsDbfs:0.0} dBFS RMS (peak {heard.Peak:0.000}), dominant frequency {heard.DominantHz:0.0} Hz"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
