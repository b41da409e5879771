namespace CloudOrchestra.Planning.Search;

/// <summary>
/// The heuristic for large orchestras, in the manner of multilevel graph partitioners: coarsen the graph by
/// merging heavily connected units (heavy-edge matching, never past the largest machine's cores), place the
/// coarsest graph greedily, then undo the merges one level at a time, refining each level with
/// Fiduccia–Mattheyses-style moves under the same cost (α·overflow + remote links). Each pass costs time in
/// proportion to the connections, not to units × machines. Host aliases are never merged and never moved by
/// refinement: the greedy placement keeps them on distinct machines. Deterministic: its only randomness is
/// the seeded shuffle of a numbered variant.
/// </summary>
internal static class Multilevel
{
    private const double Epsilon = 1e-9;
    private const int MaxRefinePasses = 12;

    /// <param name="variant">0: units are matched lightest first; any other number: in an order shuffled with that
    /// seed, for another, equally deterministic, coarsening (callers keep the best of several).</param>
    public static int[] Place(PlacementProblem problem, int variant = 0)
    {
        // Levels: each maps its units onto the next, coarser level's units.
        var levels = new List<(PlacementProblem Problem, int[] CoarseOf)>();
        var current = problem;
        var maxCluster = Math.Max(1, problem.Capacity.DefaultIfEmpty(1).Max());
        var floor = Math.Max(2 * problem.HostCount, 16);
        while (current.UnitCount > floor)
        {
            var (coarseOf, count) = Match(current, maxCluster,
                variant == 0 ? null : new Random(variant * 7919 + levels.Count));
            if (count > current.UnitCount * 0.9) break;        // matching no longer shrinks the graph
            levels.Add((current, coarseOf));
            current = Contract(current, coarseOf, count);
        }

        var hostOf = Greedy.Place(current, SearchOrder.Compute(current));
        Refine(current, hostOf);
        for (var level = levels.Count - 1; level >= 0; level--)
        {
            var (fine, coarseOf) = levels[level];
            var projected = new int[fine.UnitCount];
            for (var u = 0; u < fine.UnitCount; u++) projected[u] = hostOf[coarseOf[u]];
            hostOf = projected;
            Refine(fine, hostOf);
        }
        if (RepairOverflow(problem, hostOf)) Refine(problem, hostOf);
        return hostOf;
    }

    /// <summary>
    /// Heavy-edge matching: visiting units lightest first, each unmatched unit pairs with the unmatched
    /// neighbour it shares the most connections with, if their cores fit in <paramref name="maxCluster"/>.
    /// </summary>
    private static (int[] CoarseOf, int Count) Match(PlacementProblem p, int maxCluster, Random? shuffle)
    {
        var coarseOf = Enumerable.Repeat(-1, p.UnitCount).ToArray();
        var count = 0;
        IEnumerable<int> visit = Enumerable.Range(0, p.UnitCount).OrderBy(u => p.Units[u].Weight)
            .ThenBy(u => p.Neighbors[u].Length).ThenBy(u => u);
        if (shuffle is not null)
        {
            var order = visit.ToArray();
            shuffle.Shuffle(order);
            visit = order;
        }
        foreach (var u in visit)
        {
            if (coarseOf[u] >= 0) continue;
            var partner = -1;
            var heaviest = 0;
            if (!p.Units[u].IsAlias)
            {
                foreach (var e in p.Neighbors[u])
                {
                    var v = e.Other;
                    if (coarseOf[v] >= 0 || p.Units[v].IsAlias || p.Units[u].Weight + p.Units[v].Weight > maxCluster)
                        continue;
                    // Prefer the heavier link; between equals, the lighter partner keeps clusters even.
                    if (e.Count > heaviest
                        || (e.Count == heaviest && partner >= 0 && p.Units[v].Weight < p.Units[partner].Weight))
                    {
                        heaviest = e.Count;
                        partner = v;
                    }
                }
            }
            coarseOf[u] = count;
            if (partner >= 0) coarseOf[partner] = count;
            count++;
        }
        return (coarseOf, count);
    }

    /// <summary>
    /// The coarser problem: merged units' weights and connections add up; links inside a merge vanish.
    /// </summary>
    private static PlacementProblem Contract(PlacementProblem p, int[] coarseOf, int count)
    {
        var members = new List<int>[count];
        for (var c = 0; c < count; c++) members[c] = [];
        for (var u = 0; u < p.UnitCount; u++) members[coarseOf[u]].Add(u);

        var units = new Unit[count];
        var neighbors = new Edge[count][];
        var anchors = new Edge[count][];
        var anchorTotal = new int[count];
        var links = new Dictionary<int, int>();
        var anchored = new Dictionary<int, int>();
        for (var c = 0; c < count; c++)
        {
            links.Clear();
            anchored.Clear();
            var weight = 0;
            var isAlias = false;
            foreach (var u in members[c])
            {
                weight += p.Units[u].Weight;
                isAlias |= p.Units[u].IsAlias;
                anchorTotal[c] += p.AnchorTotal[u];
                foreach (var e in p.Neighbors[u])
                {
                    var other = coarseOf[e.Other];
                    if (other != c) links[other] = links.GetValueOrDefault(other) + e.Count;
                }
                foreach (var a in p.Anchors[u]) anchored[a.Other] = anchored.GetValueOrDefault(a.Other) + a.Count;
            }
            units[c] = new Unit($"#{c}", isAlias, weight, []);
            neighbors[c] = [.. links.OrderBy(kv => kv.Key).Select(kv => new Edge(kv.Key, kv.Value))];
            anchors[c] = [.. anchored.OrderBy(kv => kv.Key).Select(kv => new Edge(kv.Key, kv.Value))];
        }
        return new PlacementProblem
        {
            Alpha = p.Alpha,
            Capacity = p.Capacity,
            FixedLoad = p.FixedLoad,
            Units = units,
            Neighbors = neighbors,
            Anchors = anchors,
            AnchorTotal = anchorTotal,
            ConstantRemote = p.ConstantRemote,
        };
    }

    /// <summary>
    /// Moves single units while a move lowers the cost. A unit is only tried on the machines of its
    /// neighbours and anchors, and on the machine with the most free cores (the way out of overflow).
    /// </summary>
    public static void Refine(PlacementProblem p, int[] hostOf)
    {
        var state = new Assignment(p, hostOf);
        var freest = new FreestHost(p, state.Load);
        var candidates = new List<int>();
        for (var pass = 0; pass < MaxRefinePasses; pass++)
        {
            var moved = false;
            for (var u = 0; u < p.UnitCount; u++)
            {
                if (p.Units[u].IsAlias) continue;
                candidates.Clear();
                foreach (var e in p.Neighbors[u]) candidates.Add(state.HostOf[e.Other]);
                foreach (var a in p.Anchors[u]) candidates.Add(a.Other);
                candidates.Add(freest.Host);
                var best = -1;
                var bestDelta = -Epsilon;
                foreach (var h in candidates)
                {
                    if (h == state.HostOf[u]) continue;
                    var delta = state.MoveDelta(u, h);
                    if (delta < bestDelta)
                    {
                        bestDelta = delta;
                        best = h;
                    }
                }
                if (best < 0) continue;
                var from = state.HostOf[u];
                state.Move(u, best);
                freest.Changed(from);
                freest.Changed(best);
                moved = true;
            }
            if (!moved) break;
        }
    }

    /// <summary>
    /// When cores are short, free ones end up scattered one here, one there, and a 2-core unit on a full
    /// machine fits nowhere by a single move. This makes room by moving a small unit off some machine
    /// (to the freest machine) so that the overflowing unit fits where it left, whenever the pair of moves
    /// lowers the cost. Returns whether it moved anything.
    /// </summary>
    private static bool RepairOverflow(PlacementProblem p, int[] hostOf)
    {
        var state = new Assignment(p, hostOf);
        var freest = new FreestHost(p, state.Load);
        var on = Enumerable.Range(0, p.HostCount).Select(_ => new List<int>()).ToArray();
        for (var u = 0; u < p.UnitCount; u++) on[hostOf[u]].Add(u);
        var repaired = false;
        for (var o = 0; o < p.HostCount; o++)
        {
            for (var k = 0; k < on[o].Count && state.Load[o] > p.Capacity[o]; k++)
            {
                var u = on[o][k];
                if (p.Units[u].IsAlias) continue;
                if (TryMakeRoom(p, state, freest, on, u))
                {
                    repaired = true;
                    k--;                                  // on[o] lost u: the next unit is at k now
                }
            }
        }
        return repaired;
    }

    private static bool TryMakeRoom(PlacementProblem p, Assignment state, FreestHost freest, List<int>[] on, int u)
    {
        var from = state.HostOf[u];
        var w = p.Units[u].Weight;
        for (var a = 0; a < p.HostCount; a++)
        {
            var free = p.Capacity[a] - state.Load[a];
            // free >= w: a single move would do, refinement tries those
            if (a == from || free <= 0 || free >= w) continue;
            foreach (var v in on[a])
            {
                var b = freest.Host;
                if (p.Units[v].IsAlias || b == a || b == from || free + p.Units[v].Weight < w
                    || p.Capacity[b] - state.Load[b] < p.Units[v].Weight) continue;
                var first = state.MoveDelta(v, b);
                state.Move(v, b);
                var second = state.MoveDelta(u, a);
                if (first + second < -Epsilon)
                {
                    state.Move(u, a);
                    on[a].Remove(v);
                    on[b].Add(v);
                    on[from].Remove(u);
                    on[a].Add(u);
                    foreach (var h in new[] { a, b, from }) freest.Changed(h);
                    return true;
                }
                state.Move(v, a);                          // undo
            }
        }
        return false;
    }

    /// <summary>
    /// The machine with the most free cores, kept current as loads change (lowest index among equals).
    /// </summary>
    private sealed class FreestHost
    {
        private readonly PlacementProblem _p;
        private readonly int[] _load;
        private readonly SortedSet<(int NegFree, int Host)> _byFree = [];
        private readonly int[] _keys;

        public FreestHost(PlacementProblem p, int[] load)
        {
            _p = p;
            _load = load;
            _keys = [.. Enumerable.Range(0, p.HostCount).Select(Key)];
            for (var h = 0; h < p.HostCount; h++) _byFree.Add((_keys[h], h));
        }

        private int Key(int h) => _load[h] - _p.Capacity[h];

        public int Host => _byFree.Min.Host;

        public void Changed(int h)
        {
            _byFree.Remove((_keys[h], h));
            _keys[h] = Key(h);
            _byFree.Add((_keys[h], h));
        }
    }
}
