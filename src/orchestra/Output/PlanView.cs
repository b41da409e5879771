using System.Globalization;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;
using Spectre.Console;

namespace CloudOrchestra.Cli.Output;

/// <summary>A plan for people: a row per machine, the remote links, and what it costs.</summary>
internal static class PlanView
{
    public static void Show(Orchestra orchestra, Resources resources, Placement placement)
    {
        var hostOf = placement.HostOf;
        var loads = CostModel.Loads(orchestra, resources, hostOf);
        var aliasesOn = placement.Aliases.GroupBy(a => a.Value)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(a => a.Key)));

        var table = new Table().Title($"Plan for {Markup.Escape(orchestra.SynthdefFile)}")
            .AddColumn("Machine").AddColumn("Address").AddColumn(new TableColumn("Cores").RightAligned())
            .AddColumn(new TableColumn("Load").RightAligned()).AddColumn("Blocks");
        foreach (var host in resources.Hosts)
        {
            var load = loads[host.Name];
            var loadText = load > host.Cores ? $"[red]{load}[/]" : load.ToString(CultureInfo.InvariantCulture);
            var alias = aliasesOn.TryGetValue(host.Name, out var a) ? $" [grey](alias {Markup.Escape(a)})[/]" : "";
            var blocks = placement.Allocation.Where(kv => kv.Value == host.Name).Select(kv => Markup.Escape(kv.Key));
            table.AddRow($"{Markup.Escape(host.Name)}{alias}", Markup.Escape($"{host.User}@{host.Address}"),
                host.Cores.ToString(CultureInfo.InvariantCulture), loadText, string.Join(", ", blocks));
        }
        AnsiConsole.Write(table);

        var remote = orchestra.Connections.Where(c => hostOf[c.Source] != hostOf[c.Sink]).ToList();
        AnsiConsole.MarkupLine(
            remote.Count == 0
                ? "No remote links: every connection stays on its machine."
                : $"Remote links ({remote.Count}):");
        var width = remote.Select(c => c.ToString().Length).DefaultIfEmpty(0).Max();
        foreach (var c in remote)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"  {c.ToString()
                    .PadRight(width)}   [grey]({hostOf[c.Source]} → {hostOf[c.Sink]}, {c.Channels} ch)[/]");
        }

        var cost = placement.Cost;
        var proof = placement.Optimal
            ? "[green]proven optimal[/]"
            : "[yellow]best found, not proven optimal[/] (no plan costs less than "
                + $"{placement.LowerBound.ToString(CultureInfo.InvariantCulture)}: "
                + $"within {placement.Gap:P1} of the optimum)";
        // A link weighs its channels; say so only when some link carries more than one.
        var remoteCost = cost.RemoteChannels == cost.RemoteLinks
            ? $"remote links {cost.RemoteLinks}"
            : $"remote channels {cost.RemoteChannels} (in {cost.RemoteLinks} remote links)";
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Cost: α {cost.Alpha} × overflow {cost.Overflow} + {remoteCost} = [bold]{cost.Total}[/] "
                + $"({cost.LocalLinks} local links); {proof}"));
    }
}
