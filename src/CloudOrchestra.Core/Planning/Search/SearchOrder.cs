namespace CloudOrchestra.Planning.Search;

/// <summary>
/// The order units are placed in: host aliases first (the most constrained), then a breadth-first walk
/// that keeps connected units together, so that links are decided early and bounds bite.
/// </summary>
internal static class SearchOrder
{
    public static int[] Compute(PlacementProblem problem)
    {
        var n = problem.UnitCount;
        var degree = new int[n];
        for (var u = 0; u < n; u++) degree[u] = problem.Neighbors[u].Sum(e => e.Count) + problem.AnchorTotal[u];

        var order = new List<int>(n);
        var seen = new bool[n];
        foreach (var u in Enumerable.Range(0, n).Where(u => problem.Units[u].IsAlias)
            .OrderByDescending(u => problem.Units[u].Weight).ThenBy(u => u))
        {
            seen[u] = true;
            order.Add(u);
        }
        var starts = Enumerable.Range(0, n)
            .OrderByDescending(u => problem.AnchorTotal[u] > 0 || problem.Units[u].IsAlias)
            .ThenByDescending(u => degree[u]).ThenByDescending(u => problem.Units[u].Weight).ThenBy(u => u);
        var queue = new Queue<int>(order);
        foreach (var start in starts.Prepend(-1))
        {
            if (start >= 0 && !seen[start])
            {
                seen[start] = true;
                order.Add(start);
                queue.Enqueue(start);
            }
            while (queue.Count > 0)
            {
                var u = queue.Dequeue();
                foreach (var e in problem.Neighbors[u].OrderByDescending(e => e.Count).ThenBy(e => e.Other))
                {
                    if (seen[e.Other]) continue;
                    seen[e.Other] = true;
                    order.Add(e.Other);
                    queue.Enqueue(e.Other);
                }
            }
        }
        return [.. order];
    }
}
