using CloudOrchestra.Model;

namespace CloudOrchestra.Planning.Search;

/// <summary>
/// The placement problem in the optimizer's terms. A <em>unit</em> is what the optimizer places: a free
/// block, or all the blocks of one host alias (they run together; distinct aliases take distinct
/// machines). Blocks pinned to a machine are not units: they add fixed load and anchor their links.
/// </summary>
internal sealed class PlacementProblem
{
    public required double Alpha { get; init; }
    public required int[] Capacity { get; init; }
    public required int[] FixedLoad { get; init; }
    public required Unit[] Units { get; init; }

    /// <summary>Per unit: the other units it is connected to, with how many connections.</summary>
    public required Edge[][] Neighbors { get; init; }

    /// <summary>Per unit: connections to blocks pinned on a machine, by machine.</summary>
    public required Edge[][] Anchors { get; init; }

    public required int[] AnchorTotal { get; init; }

    /// <summary>Remote connections whatever the optimizer does (between blocks pinned to different machines).</summary>
    public required int ConstantRemote { get; init; }

    public int HostCount => Capacity.Length;
    public int UnitCount => Units.Length;

    public int AnchorAt(int unit, int host)
    {
        foreach (var a in Anchors[unit])
        {
            if (a.Other == host) return a.Count;
        }
        return 0;
    }

    public static int Overflow(int load, int capacity) => load > capacity ? load - capacity : 0;

    /// <summary>The overflow <paramref name="cores"/> more (fewer, if negative) add on a machine that has
    /// <paramref name="load"/> (pinned blocks' included).</summary>
    public int AddedOverflow(int host, int load, int cores) =>
        Overflow(load + cores, Capacity[host]) - Overflow(load, Capacity[host]);

    /// <summary>Total cost of a complete assignment (unit → host), computed from scratch.</summary>
    public double Evaluate(int[] hostOf)
    {
        var load = (int[])FixedLoad.Clone();
        var remote = ConstantRemote;
        for (var u = 0; u < UnitCount; u++)
        {
            load[hostOf[u]] += Units[u].Weight;
            remote += AnchorTotal[u] - AnchorAt(u, hostOf[u]);
            foreach (var e in Neighbors[u])
            {
                if (e.Other > u && hostOf[e.Other] != hostOf[u]) remote += e.Count;
            }
        }
        var overflow = 0;
        for (var h = 0; h < HostCount; h++) overflow += Overflow(load[h], Capacity[h]);
        return Alpha * overflow + remote;
    }

    /// <summary>
    /// Overflow of the blocks pinned to machines alone: every plan has it, and placing units only adds to it.
    /// </summary>
    public int PinnedOverflow()
    {
        var overflow = 0;
        for (var h = 0; h < HostCount; h++) overflow += Overflow(FixedLoad[h], Capacity[h]);
        return overflow;
    }

    /// <summary>
    /// A bound no plan beats, cheap at any size: the cores beyond all machines' (or beyond those of machines
    /// their pins alone overfill, if more) overflow somewhere, and links between blocks pinned apart are remote.
    /// </summary>
    public double SimpleLowerBound()
    {
        var pinnedOverflow = PinnedOverflow();
        var total = FixedLoad.Sum() + Units.Sum(u => u.Weight) - Capacity.Sum();
        return Alpha * Math.Max(pinnedOverflow, Math.Max(0, total)) + ConstantRemote;
    }

    public static PlacementProblem Build(Orchestra orchestra, Resources resources, double alpha)
    {
        var hostIndex = resources.Hosts.Select((h, i) => (h.Name, i)).ToDictionary();
        var units = new List<Unit>();
        var unitOf = new Dictionary<string, int>();
        var fixedHost = new Dictionary<string, int>();
        var aliasUnits = new Dictionary<string, int>();
        foreach (var block in orchestra.Blocks)
        {
            var pin = block.Pin?.Host;
            if (pin is not null && orchestra.IsAlias(pin))
            {
                if (!aliasUnits.TryGetValue(pin, out var index))
                {
                    index = aliasUnits[pin] = units.Count;
                    units.Add(new Unit(pin, true, 0, []));
                }
                units[index] = units[index] with { Weight = units[index].Weight + block.Cores,
                    Blocks = [.. units[index].Blocks, block.Name] };
                unitOf[block.Name] = index;
            }
            else if (pin is not null)
            {
                fixedHost[block.Name] = hostIndex[pin];
            }
            else
            {
                unitOf[block.Name] = units.Count;
                units.Add(new Unit(block.Name, false, block.Cores, [block.Name]));
            }
        }

        var fixedLoad = new int[resources.Hosts.Length];
        var cores = orchestra.Blocks.DistinctBy(b => b.Name).ToDictionary(b => b.Name, b => b.Cores);
        foreach (var (block, host) in fixedHost) fixedLoad[host] += cores[block];

        var neighbors = units.Select(_ => new Dictionary<int, int>()).ToArray();
        var anchors = units.Select(_ => new Dictionary<int, int>()).ToArray();
        var constantRemote = 0;
        foreach (var c in orchestra.Connections)
        {
            var su = unitOf.GetValueOrDefault(c.Source, -1);
            var tu = unitOf.GetValueOrDefault(c.Sink, -1);
            if (su < 0 && tu < 0)
            {
                if (fixedHost[c.Source] != fixedHost[c.Sink]) constantRemote += c.Channels;
            }
            else if (su < 0 || tu < 0)
            {
                var (unit, host) = su < 0 ? (tu, fixedHost[c.Source]) : (su, fixedHost[c.Sink]);
                anchors[unit][host] = anchors[unit].GetValueOrDefault(host) + c.Channels;
            }
            else if (su != tu)
            {
                neighbors[su][tu] = neighbors[su].GetValueOrDefault(tu) + c.Channels;
                neighbors[tu][su] = neighbors[tu].GetValueOrDefault(su) + c.Channels;
            }
        }

        return new PlacementProblem
        {
            Alpha = alpha,
            Capacity = [.. resources.Hosts.Select(h => h.Cores)],
            FixedLoad = fixedLoad,
            Units = [.. units],
            Neighbors = [.. neighbors.Select(ToEdges)],
            Anchors = [.. anchors.Select(ToEdges)],
            AnchorTotal = [.. anchors.Select(a => a.Values.Sum())],
            ConstantRemote = constantRemote,
        };
    }

    private static Edge[] ToEdges(Dictionary<int, int> counts) =>
        [.. counts.OrderBy(kv => kv.Key).Select(kv => new Edge(kv.Key, kv.Value))];
}

/// <summary>What the optimizer places: one free block, or the blocks of one host alias.</summary>
internal sealed record Unit(string Name, bool IsAlias, int Weight, string[] Blocks);

internal readonly record struct Edge(int Other, int Count);
