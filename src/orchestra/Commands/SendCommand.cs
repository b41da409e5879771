using System.CommandLine;
using System.Globalization;
using CloudOrchestra.Cli.Output;
using CloudOrchestra.Deploy.Control;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;
using CloudOrchestra.Model;
using CloudOrchestra.Osc;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra send DIR BLOCK /address [ARG...] [--mode M] [--at SECONDS] [--json]</c>: one OSC message to a block,
/// wherever it runs, through the conductor; it says once the block's node has handed it over.
/// </summary>
internal static class SendCommand
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var directory = CommonOptions.OrchestraDirectory();
        var block = new Argument<string>("BLOCK") { Description = "The block to play, by its name in synthdef.json" };
        var address = new Argument<string>("ADDRESS")
            { Description = "The OSC address the block takes, such as /freq" };
        var values = new Argument<string[]>("ARG")
        {
            Description = "Arguments: i:3, f:0.5, s:text, h:, d:, S:; a bare number with a point is a float, "
                + "without one an int, else a string",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var mode = new Option<string?>("--mode")
            { Description = "fast, reliable, ordered or latest (default: as the module declares it, else reliable)" };
        var at = new Option<double?>("--at")
            { Description = "Hand it over this many seconds from now, in network time" };
        var json = CommonOptions.Json();
        var command = new Command("send", "Send one OSC message to a block, wherever it runs, and say when it arrived")
            { directory, block, address, values, mode, at, json };
        command.SetHandler(async (parse, cancel) =>
        {
            var dir = parse.GetValue(directory)!.FullName;
            var loaded = OrchestraLoader.Load(dir, null, requireHosts: false);
            DiagnosticPrinter.Print(loaded.Diagnostics);
            if (!loaded.Succeeded) return ExitCodes.InvalidInput;
            var name = parse.GetValue(block)!;
            var path = parse.GetValue(address)!;
            if (Check(loaded.Orchestra!, dir, name, path, parse.GetValue(values) ?? [], parse.GetValue(mode),
                    parse.GetValue(at)) is not { } message)
                return ExitCodes.InvalidInput;
            if (new Deployer(new CommandRunner()).StateOf(dir) is not { Up: true, Conductor: { } conductor })
                return NotUp.Say(dir);
            var declared = loaded.Orchestra!.Find(name)!.Module.Controls?.FirstOrDefault(c => c.Address == path);
            var effective = parse.GetValue(mode) ?? declared?.Delivery ?? DeliveryModes.Reliable;
            var answer = await new ConductorClient(conductor.Local()).SendAsync(message, parse.GetValue(mode),
                parse.GetValue(at) is { } seconds ? TimeSpan.FromSeconds(seconds) : null, Wait, cancel);
            return Report(answer, name, path, (OscMessage)message, effective, conductor.Port, parse.GetValue(json));
        });
        return command;
    }

    /// <returns>The message addressed /BLOCK/address, or null when something is wrong (said on stderr).</returns>
    private static OscMessage? Check(Orchestra orchestra, string dir, string name, string address, string[] words,
        string? mode, double? at)
    {
        var synthdef = DisplayPath.Of(Path.Combine(dir, "synthdef.json"));
        if (orchestra.Find(name) is not { } target || target.Module.IsBuiltIn)
        {
            Console.Error.WriteLine($"{synthdef}: error: no block '{Names.Printable(name)}' takes OSC (blocks: "
                + $"{string.Join(", ", orchestra.Blocks.Where(b => !b.Module.IsBuiltIn).Select(b => b.Name))})");
            return null;
        }
        if (!Names.IsOscAddress(address))
        {
            Console.Error.WriteLine(
                $"orchestra: error: '{Names.Printable(address)}' is not an OSC address such as /freq");
            return null;
        }
        if (mode is not null && !DeliveryModes.All.Contains(mode))
        {
            Console.Error.WriteLine(
                $"orchestra: error: --mode {Names.Printable(mode)}: one of {string.Join(", ", DeliveryModes.All)}");
            return null;
        }
        if (at is < 0 or > 86400 || at is { } a && !double.IsFinite(a))
        {
            Console.Error.WriteLine("orchestra: error: --at must be from 0 to 86400 seconds from now");
            return null;
        }
        var arguments = new List<OscValue>();
        for (var i = 0; i < words.Length; i++)
        {
            if (!OscText.TryParse(words[i], out var value, out var error))
            {
                Console.Error.WriteLine($"orchestra: error: argument {i + 1} '{Names.Printable(words[i])}': {error}");
                return null;
            }
            arguments.Add(value!);
        }
        var message = new OscMessage($"/{name}{address}", arguments);
        if (target.Module.Controls?.FirstOrDefault(c => c.Address == address) is { Type: { } type }
            && message.TypeTags != type)
        {
            Console.Error.WriteLine($"{target.Module.Origin}: error: block '{name}' "
                + $"(module '{target.Module.Name}') takes {address} with '{type}', not '{message.TypeTags}'");
            return null;
        }
        return message;
    }

    private static int Report(SendAnswer answer, string block, string address, OscMessage message, string mode,
        int port, bool json)
    {
        var what = $"{address} {string.Join(' ', message.Arguments.Select(OscText.Of))}".TrimEnd();
        switch (answer)
        {
            case SendAnswer.Sent sent when json:
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("block", block);
                    w.WriteString("address", address);
                    w.WriteString("types", message.TypeTags);
                    w.WriteString("mode", mode);
                    w.WriteString("machine", sent.Machine);
                    w.WriteString("state", sent.State);
                    if (sent.Latency is { } latency)
                        w.WriteNumber("latencyMs", Math.Round(latency.TotalMilliseconds, 3));
                    else w.WriteNull("latencyMs");
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            case SendAnswer.Sent sent:
                Console.WriteLine(sent.Latency is { } l
                    ? $"{block} on {sent.Machine} has {what} ({mode}, handed over in "
                        + $"{l.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms)"
                    : $"sent {what} to {block} on {sent.Machine} ({mode}: no word back)");
                return ExitCodes.Success;
            case SendAnswer.Refused refused:
                Console.Error.WriteLine($"orchestra: the conductor refused {what} for {block}: {refused.Reason}");
                return ExitCodes.Failure;
            default:
                Console.Error.WriteLine($"orchestra: the conductor (UDP port {port} here) did not answer in "
                    + $"{Wait.TotalSeconds:0} s: is the orchestra up? ('orchestra status')");
                return ExitCodes.Failure;
        }
    }
}
