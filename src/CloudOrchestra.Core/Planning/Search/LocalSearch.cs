namespace CloudOrchestra.Planning.Search;

/// <summary>
/// Improves a plan by moving one unit, or swapping two, while that lowers the cost. Two host aliases
/// never share a machine: an alias moves onto another alias's machine only by swapping with it.
/// </summary>
internal static class LocalSearch
{
    private const double Epsilon = 1e-9;
    private const int MaxPasses = 200;
    private const int AllPairsLimit = 400;

    public static int[] Improve(PlacementProblem problem, int[] start)
    {
        var state = new Assignment(problem, (int[])start.Clone());
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var improved = MovePass(problem, state);
            improved |= SwapPass(problem, state);
            if (!improved) break;
        }
        return state.HostOf;
    }

    private static bool MovePass(PlacementProblem problem, Assignment state)
    {
        var improved = false;
        for (var u = 0; u < problem.UnitCount; u++)
        {
            var bestHost = -1;
            var bestDelta = -Epsilon;
            for (var h = 0; h < problem.HostCount; h++)
            {
                if (h == state.HostOf[u]) continue;
                var other = problem.Units[u].IsAlias ? AliasOn(problem, state, h) : -1;
                var delta = other >= 0 ? SwapDelta(state, u, other) : state.MoveDelta(u, h);
                if (delta < bestDelta)
                {
                    bestDelta = delta;
                    bestHost = h;
                }
            }
            if (bestHost < 0) continue;
            var displaced = problem.Units[u].IsAlias ? AliasOn(problem, state, bestHost) : -1;
            if (displaced >= 0) Swap(state, u, displaced);
            else state.Move(u, bestHost);
            improved = true;
        }
        return improved;
    }

    /// <summary>Swaps help when machines are full: neither unit can move alone without overflow.</summary>
    private static bool SwapPass(PlacementProblem problem, Assignment state)
    {
        var improved = false;
        var allPairs = problem.UnitCount <= AllPairsLimit;
        for (var u = 0; u < problem.UnitCount; u++)
        {
            var partners = allPairs
                ? Enumerable.Range(u + 1, problem.UnitCount - u - 1)
                : problem.Neighbors[u].Select(e => e.Other).Where(v => v > u);
            foreach (var v in partners)
            {
                if (state.HostOf[u] == state.HostOf[v] || problem.Units[u].IsAlias != problem.Units[v].IsAlias)
                    continue;
                if (SwapDelta(state, u, v) < -Epsilon)
                {
                    Swap(state, u, v);
                    improved = true;
                }
            }
        }
        return improved;
    }

    private static int AliasOn(PlacementProblem problem, Assignment state, int host)
    {
        for (var a = 0; a < problem.UnitCount; a++)
        {
            if (problem.Units[a].IsAlias && state.HostOf[a] == host) return a;
        }
        return -1;
    }

    /// <summary>Exact: the second move's delta is taken in the state the first one left.</summary>
    private static double SwapDelta(Assignment state, int u, int v)
    {
        var hu = state.HostOf[u];
        var hv = state.HostOf[v];
        var first = state.MoveDelta(u, hv);
        state.Move(u, hv);
        var second = state.MoveDelta(v, hu);
        state.Move(u, hu);
        return first + second;
    }

    private static void Swap(Assignment state, int u, int v)
    {
        var hu = state.HostOf[u];
        state.Move(u, state.HostOf[v]);
        state.Move(v, hu);
    }
}
