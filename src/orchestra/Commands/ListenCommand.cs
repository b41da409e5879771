using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloudOrchestra.Audio;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Listening;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra listen DIR [--record FILE.wav] [--seconds S]</c>: hear what reaches the listener, with a live
/// level meter, or record it; either way, say how loud it is and at what frequency.
/// </summary>
internal static class ListenCommand
{
    private static readonly IFormatProvider F = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var record = new Option<FileInfo>("--record")
            { Description = "Record to this WAV file instead of listening live" };
        var seconds = new Option<double?>("--seconds")
            { Description = "How long to listen (default: until Ctrl-C) or record (default: 5)" };
        var json = CommonOptions.Json();
        var command = new Command("listen", "Hear what reaches the listener with a live level meter, or record it; "
            + "report its level and dominant frequency")
            { directory, record, seconds, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            if (parse.GetValue(seconds) is <= 0 or > 3600)
            {
                Console.Error.WriteLine("orchestra: error: --seconds must be more than 0 and at most 3600");
                return ExitCodes.InvalidInput;
            }
            var run = new CommandRunner();
            if (new Deployer(run).StateOf(dir) is not { Up: true } state)
                return NotUp.Say(dir);
            if (state.ListenerPorts.Count == 0)
            {
                Console.Error.WriteLine("orchestra: the orchestra has no DAC: nothing reaches the listener");
                return ExitCodes.Failure;
            }
            var asJson = parse.GetValue(json);
            if (parse.GetValue(record) is { } file)
            {
                return await RecordAsync(new ListenerAudio(run), state, file.FullName, parse.GetValue(seconds) ?? 5,
                    asJson, cancel);
            }
            var limit = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
            return await LiveAsync(state, limit, asJson, cancel);
        });
        return command;
    }

    private static async Task<int> RecordAsync(ListenerAudio listener, DeploymentState state, string file,
        double seconds, bool json, CancellationToken cancel)
    {
        var heard = await listener.RecordAsync(state, file, seconds, cancel);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteNumber("seconds", seconds);
                WriteSpectrum(w, heard);
                w.WriteEndObject();
            });
        }
        else
        {
            AnsiConsole.MarkupLine(
                string.Create(F,
                    $"Recorded {seconds} s to [bold]{Markup.Escape(DisplayPath.Of(file))}[/]: "
                        + $"level {heard.RmsDbfs:0.0} dBFS RMS (peak {heard.Peak:0.000}), "
                        + $"dominant frequency {heard.DominantHz:0.0} Hz"));
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// A meter line a quarter second (a JSON line each with --json), then what was heard over the whole time.
    /// </summary>
    private static async Task<int> LiveAsync(DeploymentState state, TimeSpan? limit, bool json,
        CancellationToken cancel)
    {
        var where = state.ListenerDriver is null or "dummy"
            ? "the listener's JACK server has no sound card (driver dummy): set \"listener\": {\"jack\": "
                + "{\"driver\": \"alsa\"}} in the hosts file to hear it; metering only"
            : $"playing through the listener's sound card (JACK driver {state.ListenerDriver})";
        var terminal = !json && !Console.IsOutputRedirected;
        if (!json)
            AnsiConsole.MarkupLine("Listening to "
                + $"[bold]{Markup.Escape(DisplayPath.Of(state.OrchestraDirectory))}[/]: "
                + $"{Markup.Escape(where)}. {(limit is null ? "Ctrl-C stops." : "")}");
        var whole = new Accumulated();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await ListenerAudio.ListenAsync(state, limit, heard =>
            {
                whole.Add(heard);
                if (json)
                {
                    JsonLine(w =>
                    {
                        w.WriteNumber("seconds", Math.Round(clock.Elapsed.TotalSeconds, 2));
                        WriteSpectrum(w, heard);
                    });
                }
                else if (terminal)
                {
                    Console.Write($"\r{Meter(heard)}   ");
                }
                else if (whole.Ticks % 4 == 0)
                {
                    Console.WriteLine(Meter(heard));
                }
            }, cancel);
        }
        catch (Exception e) when (e is JackException or CommandFailedException)
        {
            if (terminal) Console.WriteLine();
            Console.Error.WriteLine($"orchestra: {e.Message}");
            return ExitCodes.Failure;
        }
        if (terminal) Console.WriteLine();
        var summary = whole.Summary;
        if (json)
        {
            JsonLine(w =>
            {
                w.WriteBoolean("done", true);
                w.WriteNumber("seconds", Math.Round(clock.Elapsed.TotalSeconds, 2));
                WriteSpectrum(w, summary);
            });
        }
        else
        {
            AnsiConsole.MarkupLine(
                string.Create(F,
                    $"Heard {clock.Elapsed.TotalSeconds:0.0} s: level {summary.RmsDbfs:0.0} dBFS RMS (peak "
                        + $"{summary.Peak:0.000}), dominant frequency {summary.DominantHz:0.0} Hz"));
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// "▕██████████░░░░░░░░░░▏ -22.0 dBFS peak 0.113 440.0 Hz": 40 cells
    /// from -60 dBFS to 0.
    /// </summary>
    private static string Meter(Spectrum heard)
    {
        var cells = (int)Math.Round(Math.Clamp((heard.RmsDbfs + 60) / 60, 0, 1) * 40);
        return string.Create(F,
            $"▕{new string('█', cells)}{new string('░', 40 - cells)}▏ {heard.RmsDbfs,6:0.0} dBFS  peak "
                + $"{heard.Peak:0.000}  {heard.DominantHz,7:0.0} Hz");
    }

    private static void WriteSpectrum(Utf8JsonWriter w, Spectrum heard)
    {
        w.WriteNumber("rmsDbfs", Math.Round(heard.RmsDbfs, 2));
        w.WriteNumber("peak", Math.Round(heard.Peak, 4));
        w.WriteNumber("dominantHz", Math.Round(heard.DominantHz, 1));
    }

    private static void JsonLine(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>
    /// The level over all the meter's readings (their mean power), the loudest peak, the latest frequency.
    /// </summary>
    private sealed class Accumulated
    {
        private double power;
        private double peak;
        private double hz;
        public int Ticks { get; private set; }

        public void Add(Spectrum s)
        {
            Ticks++;
            power += Math.Pow(10, s.RmsDbfs / 10);
            peak = Math.Max(peak, s.Peak);
            if (s.RmsDbfs > Spectrum.Silence) hz = s.DominantHz;
        }

        public Spectrum Summary => Ticks == 0 || power <= 0
            ? new Spectrum(Spectrum.Silence, 0, 0)
            : new Spectrum(Math.Max(Spectrum.Silence, 10 * Math.Log10(power / Ticks)), peak, hz);
    }
}
