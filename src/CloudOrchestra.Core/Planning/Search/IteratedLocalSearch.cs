namespace CloudOrchestra.Planning.Search;

/// <summary>
/// Escapes the local optimum local search stops in: a kick moves a small connected group of blocks from one
/// machine onto a neighbour's, local search repairs what that broke (overflow first), and the result is kept
/// when it costs no more than the plan it came from. On full machines single moves and swaps are all blocked
/// by overflow; a kick crosses that wall, and plans of equal cost let the search drift along a plateau.
/// Deterministic: the kicks are drawn from a fixed seed.
/// </summary>
internal static class IteratedLocalSearch
{
    private const double Epsilon = 1e-9;
    private const int MaxGroup = 4;

    /// <summary>The best plan seen over <paramref name="kicks"/> kicks, never worse than <paramref name="start"/>. Each
    /// plan a kick leads to (once repaired) is added to <paramref name="visited"/>, if given.</summary>
    public static int[] Improve(PlacementProblem problem, int[] start, int kicks, List<int[]>? visited = null)
    {
        if (problem.UnitCount == 0) return start;
        var best = start;
        var bestCost = problem.Evaluate(best);
        var current = best;
        var currentCost = bestCost;
        var random = new Random(17);
        var group = new List<int>(MaxGroup);
        for (var k = 0; k < kicks; k++)
        {
            var seed = random.Next(problem.UnitCount);
            var size = 1 + random.Next(MaxGroup);
            if (problem.Units[seed].IsAlias) continue;
            var next = (int[])current.Clone();
            group.Clear();
            group.Add(seed);
            for (var i = 0; i < group.Count && group.Count < size; i++)
            {
                foreach (var e in problem.Neighbors[group[i]])
                {
                    if (group.Count == size) break;
                    if (next[e.Other] == next[seed] && !problem.Units[e.Other].IsAlias && !group.Contains(e.Other))
                        group.Add(e.Other);
                }
            }
            var away = new List<int>();
            foreach (var g in group)
            {
                foreach (var e in problem.Neighbors[g]) if (next[e.Other] != next[seed]) away.Add(next[e.Other]);
            }
            var target = away.Count > 0 ? away[random.Next(away.Count)] : random.Next(problem.HostCount);
            foreach (var g in group) next[g] = target;
            next = LocalSearch.Improve(problem, next);
            visited?.Add(next);
            var cost = problem.Evaluate(next);
            if (cost <= currentCost + Epsilon)
            {
                current = next;
                currentCost = cost;
            }
            if (cost < bestCost - Epsilon)
            {
                best = next;
                bestCost = cost;
            }
        }
        return best;
    }
}
