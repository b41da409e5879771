namespace CloudOrchestra.Planning.Search;

/// <summary>
/// A first plan: place units in search order, each on the machine where it adds the least cost given
/// what is already placed; ties go to the machine with the most free cores.
/// </summary>
internal static class Greedy
{
    public static int[] Place(PlacementProblem problem, int[] order)
    {
        var hostOf = Enumerable.Repeat(-1, problem.UnitCount).ToArray();
        var load = (int[])problem.FixedLoad.Clone();
        var aliasTaken = new bool[problem.HostCount];
        foreach (var u in order)
        {
            var unit = problem.Units[u];
            var best = -1;
            var bestCost = double.MaxValue;
            for (var h = 0; h < problem.HostCount; h++)
            {
                if (unit.IsAlias && aliasTaken[h]) continue;
                var overflow = problem.AddedOverflow(h, load[h], unit.Weight);
                var lost = problem.AnchorTotal[u] - problem.AnchorAt(u, h);
                foreach (var e in problem.Neighbors[u])
                {
                    if (hostOf[e.Other] >= 0 && hostOf[e.Other] != h) lost += e.Count;
                }
                var cost = problem.Alpha * overflow + lost;
                var better = best < 0 || cost < bestCost - 1e-9
                    || (cost < bestCost + 1e-9 && problem.Capacity[h] - load[h] > problem.Capacity[best] - load[best]);
                if (better)
                {
                    best = h;
                    bestCost = cost;
                }
            }
            hostOf[u] = best;
            load[best] += unit.Weight;
            if (unit.IsAlias) aliasTaken[best] = true;
        }
        return hostOf;
    }
}
