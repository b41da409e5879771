namespace CloudOrchestra.Planning.Search;

/// <summary>
/// A complete assignment of units to hosts with the loads it implies, and exact cost deltas for moving
/// one unit. Moves may break the alias rule in passing; callers restore it.
/// </summary>
internal sealed class Assignment
{
    private readonly PlacementProblem _problem;

    public Assignment(PlacementProblem problem, int[] hostOf)
    {
        _problem = problem;
        HostOf = hostOf;
        Load = (int[])problem.FixedLoad.Clone();
        for (var u = 0; u < hostOf.Length; u++) Load[hostOf[u]] += problem.Units[u].Weight;
    }

    public int[] HostOf { get; }
    public int[] Load { get; }

    /// <summary>
    /// Connections of <paramref name="unit"/> that would be local if it ran on <paramref name="host"/>.
    /// </summary>
    public int LinksOn(int unit, int host)
    {
        var links = _problem.AnchorAt(unit, host);
        foreach (var e in _problem.Neighbors[unit])
        {
            if (HostOf[e.Other] == host) links += e.Count;
        }
        return links;
    }

    /// <summary>How the total cost changes if <paramref name="unit"/> moves to <paramref name="host"/>.</summary>
    public double MoveDelta(int unit, int host)
    {
        var from = HostOf[unit];
        if (from == host) return 0;
        var w = _problem.Units[unit].Weight;
        var overflow = _problem.AddedOverflow(host, Load[host], w) + _problem.AddedOverflow(from, Load[from], -w);
        return _problem.Alpha * overflow + LinksOn(unit, from) - LinksOn(unit, host);
    }

    public void Move(int unit, int host)
    {
        var w = _problem.Units[unit].Weight;
        Load[HostOf[unit]] -= w;
        Load[host] += w;
        HostOf[unit] = host;
    }
}
