using System.CommandLine;
using CloudOrchestra.Deploy.LocalCloud;
using CloudOrchestra.Deploy.Processes;
using Spectre.Console;

namespace CloudOrchestra.Cli.Commands;

/// <summary>
/// <c>orchestra cloud up|down|impair</c>: machines made on this one, for trying and testing an orchestra.
/// </summary>
internal static class CloudCommand
{
    public static Command Create()
    {
        var command = new Command("cloud", "A local cloud: machines made on this computer (network namespaces with "
            + "their own users and sshd); needs root");
        command.Subcommands.Add(Up());
        command.Subcommands.Add(Down());
        command.Subcommands.Add(Impair());
        return command;
    }

    private static LocalCloud Cloud() => new(LocalCloudLayout.FromEnvironment(), new CommandRunner());

    private static Progress<string> Progress() => new(line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));

    private static Command Up()
    {
        var hosts = new Option<int>("--hosts") { Description = "How many machines", Required = true };
        var cores = new Option<int>("--cores")
            { Description = "Cores each machine offers to the optimizer", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out")
            { Description = "Where to write the hosts file for the machines", Required = true };
        var clockOffsets = new Option<bool>("--clock-offsets")
        {
            Description = "Give each machine its own monotonic clock, set apart from this computer's by up to "
                + $"{LocalCloud.MostClockOffset} s (time namespaces), so that clock synchronisation can be tested",
        };
        var command = new Command("up", "Create the machines and write a hosts file for them")
            { hosts, cores, output, clockOffsets };
        command.SetHandler(async (parse, cancel) =>
        {
            var (count, coreCount) = (parse.GetValue(hosts), parse.GetValue(cores));
            if (count is < 1 or > LocalCloudLayout.MaxHosts || coreCount is < 1 or > 4096)
            {
                Console.Error.WriteLine($"orchestra: error: --hosts must be from 1 to {LocalCloudLayout.MaxHosts} "
                    + "and --cores from 1 to 4096");
                return ExitCodes.InvalidInput;
            }
            var cloud = Cloud();
            var record = await cloud.UpAsync(count, coreCount, Progress(), cancel, parse.GetValue(clockOffsets));
            var entries = cloud.Hosts(count, coreCount);
            var file = parse.GetValue(output)!.FullName;
            HostsFileWriter.Write(file, entries,
                $"A local cloud of {entries.Count} machines on this computer; 'orchestra cloud down' removes it.");
            var table = new Table().AddColumn("Machine").AddColumn("Address").AddColumn("User")
                .AddColumn(new TableColumn("Cores").RightAligned());
            if (record.ClockOffsets is not null) table.AddColumn(new TableColumn("Clock (s)").RightAligned());
            foreach (var (e, i) in entries.Select((e, i) => (e, i + 1)))
            {
                string[] row =
                    [e.Name, e.Address, e.User, e.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                table.AddRow(record.ClockOffsets is null ? row : [.. row, $"{record.ClockOffsetOf(i):+0;-0;0}"]);
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"Local cloud up; hosts file: [bold]{file}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Down()
    {
        var command = new Command("down", "Remove every machine, bridge, user, process and file of the local cloud");
        command.SetHandler(async (_, cancel) =>
        {
            var removed = await Cloud().DownAsync(Progress(), cancel);
            AnsiConsole.MarkupLineInterpolated($"Local cloud down ({removed.Count} machines removed).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Impair()
    {
        var host = new Argument<string>("HOST")
            { Description = "The machine, as named in the hosts file (node1, node2, ...)" };
        var delay = new Option<double>("--delay") { Description = "Added one-way delay in milliseconds" };
        var jitter = new Option<double>("--jitter") { Description = "Random variation of the delay in milliseconds" };
        var loss = new Option<double>("--loss") { Description = "Packets dropped, in percent" };
        var clear = new Option<bool>("--clear") { Description = "Remove the impairment" };
        var bothWays = new Option<bool>("--both-ways")
            { Description = "Also on what it receives (a wireless network loses both ways)" };
        var command = new Command("impair", "Give one machine a bad network: delay, jitter, "
            + "loss on what it sends (tc netem; loss alone via nftables where the kernel has no netem)")
            { host, delay, jitter, loss, clear, bothWays };
        command.SetHandler(async (parse, cancel) =>
        {
            var cloud = Cloud();
            var name = parse.GetValue(host)!;
            var record = cloud.Current;
            var node = name.StartsWith("node", StringComparison.Ordinal) && int.TryParse(name[4..], out var n) ? n : 0;
            if (record is null || node < 1 || node > record.Hosts)
            {
                Console.Error.WriteLine($"orchestra: error: '{name}' is not a machine of the local "
                    + $"cloud{(record is null ? " (none is up)" : $" (node1 to node{record.Hosts})")}");
                return ExitCodes.InvalidInput;
            }
            var (d, j, l) = (parse.GetValue(delay), parse.GetValue(jitter), parse.GetValue(loss));
            if (d < 0 || j < 0 || l is < 0 or > 100)
            {
                Console.Error.WriteLine(
                    "orchestra: error: --delay and --jitter must be 0 or more and --loss from 0 to 100");
                return ExitCodes.InvalidInput;
            }
            var impairment = parse.GetValue(clear) ? null : new Impairment(d, j, l, parse.GetValue(bothWays));
            await Impairment.ApplyAsync(new CommandRunner(), cloud.Layout, node, impairment, cancel);
            AnsiConsole.MarkupLineInterpolated(
                $"{name}: {(impairment is null
                    ? "network restored"
                    : $"delay {d} ms ± {j} ms, loss {l}%{(impairment.BothWays ? ", both ways" : "")}")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
