using System.Collections.Immutable;
using System.Diagnostics;
using CloudOrchestra.Model;
using CloudOrchestra.Planning.Search;

namespace CloudOrchestra.Planning;

/// <summary>
/// Places blocks on machines to minimize α·overflow + remote links, respecting pins and host aliases.
/// Heuristics first: a greedy plan and multilevel ones (coarsen, place, refine), each improved by local
/// search where the orchestra is small enough for it, the best then by iterated local search. The best seeds an exact
/// branch and bound, which proves the optimum when it finishes within the time limit. Orchestras beyond
/// <see cref="ExactSearchUnits"/> units get the multilevel plan and a simple proven lower bound: no exact
/// search finishes there. The same input gives the same plan whenever the exact search finishes or is skipped.
/// </summary>
public static class Optimizer
{
    /// <summary>Most units (free blocks and host aliases) for which the exact search is tried.</summary>
    public const int ExactSearchUnits = 64;

    /// <summary>Most units for which iterated local search (kicks, each repaired by local search) improves the best
    /// plan; it runs only beyond <see cref="ExactSearchUnits"/>.</summary>
    private const int IteratedSearchUnits = 200;

    /// <summary>Nodes the link-by-link exact search may take before the set-partitioning one takes over (a few
    /// hundredths of a second). It proves most of the benchmark's orchestras up to 32 blocks in fewer; those it does
    /// not, it rarely would.</summary>
    private const long LinkSearchNodes = 10_000;

    /// <summary>Kicks of iterated local search before the set-partitioning search: a better first plan, and every plan
    /// the kicks visit gives that search's master its machines' sets to start from (a few hundredths of a second for 32
    /// blocks).</summary>
    private const int SeedingKicks = 1000;

    /// <summary>Most units for which local search (all moves, swaps) runs on top of the heuristics.</summary>
    private const int LocalSearchUnits = 2000;

    public static Placement Place(Orchestra orchestra, Resources resources, PlacementOptions? options = null)
    {
        options ??= new PlacementOptions();
        var alpha = options.Alpha ?? CostModel.DefaultAlpha(orchestra);
        var problem = PlacementProblem.Build(orchestra, resources, alpha);
        var heuristic = Heuristic(problem, out var order, out var plans);
        var cost = problem.Evaluate(heuristic);
        var bound = problem.SimpleLowerBound();
        if (cost <= bound + 1e-9)
            return ToPlacement(orchestra, resources, problem, heuristic, alpha, optimal: true, cost);
        if (problem.UnitCount > ExactSearchUnits)
            return ToPlacement(orchestra, resources, problem, heuristic, alpha, optimal: false, bound);
        var limit = options.TimeLimit ?? PlacementOptions.DefaultTimeLimit;
        var clock = Stopwatch.StartNew();
        // Two exact searches. Link by link finishes at once where machines have room to spare, and its bounds are
        // cheap; where it does not (tight machines, dense graphs), the set-partitioning relaxation's bound closes the
        // gap. The first gets a budget of nodes, not of time, so that the same input gives the same plan.
        var priceable = BranchAndPrice.Applies(problem);
        var (hostOf, _, optimal, lowerBound) = BranchAndBound.Search(problem, order, heuristic, limit,
            priceable ? LinkSearchNodes : long.MaxValue);
        if (!optimal && priceable)
        {
            hostOf = IteratedLocalSearch.Improve(problem, hostOf, SeedingKicks, visited: plans);
            (hostOf, _, optimal, var priced) = BranchAndPrice.Search(problem, hostOf, limit - clock.Elapsed,
                seeds: plans);
            lowerBound = Math.Max(lowerBound, priced);
        }
        return ToPlacement(orchestra, resources, problem, hostOf, alpha, optimal, Math.Max(lowerBound, bound));
    }

    /// <summary>
    /// The best of the heuristic plans (the first among equals), all of them, and the search order the exact search
    /// uses. Small orchestras get many multilevel plans, each coarsened in another (seeded, so repeatable) order:
    /// a better first plan both answers better when no proof comes and lets the exact search prune more.
    /// </summary>
    private static int[] Heuristic(PlacementProblem problem, out int[] order, out List<int[]> plans)
    {
        order = SearchOrder.Compute(problem);
        plans = [];
        if (problem.UnitCount > LocalSearchUnits) return Multilevel.Place(problem);
        var starts = problem.UnitCount <= 200 ? 32 : 8;
        plans.Add(LocalSearch.Improve(problem, Greedy.Place(problem, order)));
        for (var variant = 0; variant < starts; variant++)
            plans.Add(LocalSearch.Improve(problem, Multilevel.Place(problem, variant)));
        var best = plans.MinBy(problem.Evaluate)!;
        // In the exact search's own territory the kicks wait until the link-by-link search has had its try (it proves
        // most small orchestras at once), and then seed the set-partitioning search.
        return problem.UnitCount is > ExactSearchUnits and <= IteratedSearchUnits
            ? IteratedLocalSearch.Improve(problem, best, kicks: 300)
            : best;
    }

    private static Placement ToPlacement(
        Orchestra orchestra, Resources resources, PlacementProblem problem, int[] hostOf, double alpha, bool optimal,
        double lowerBound)
    {
        var machineOf = new Dictionary<string, string>();
        var aliases = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var u = 0; u < problem.UnitCount; u++)
        {
            var machine = resources.Hosts[hostOf[u]].Name;
            foreach (var block in problem.Units[u].Blocks) machineOf[block] = machine;
            if (problem.Units[u].IsAlias) aliases[problem.Units[u].Name] = machine;
        }
        var allocation = orchestra.Blocks
            .Select(b => KeyValuePair.Create(b.Name, machineOf.TryGetValue(b.Name, out var m) ? m : b.Pin!.Host))
            .ToImmutableArray();
        var cost = CostModel.Evaluate(orchestra, resources, allocation.ToDictionary(), alpha);
        return new Placement(allocation, aliases.ToImmutable(), cost, optimal, optimal ? cost.Total : lowerBound);
    }
}
