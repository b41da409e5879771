using System.Collections.Immutable;
using CloudOrchestra.Model;
using CloudOrchestra.Planning.Search;

namespace CloudOrchestra.Planning;

/// <summary>
/// Places blocks on machines to minimize α·overflow + remote links, respecting pins and host aliases.
/// A greedy plan improved by local search seeds an exact branch and bound, which proves the optimum
/// when it finishes within the time limit. The same input always gives the same plan.
/// </summary>
public static class Optimizer
{
    public static Placement Place(Orchestra orchestra, Resources resources, PlacementOptions? options = null)
    {
        options ??= new PlacementOptions();
        var alpha = options.Alpha ?? CostModel.DefaultAlpha(orchestra);
        var problem = PlacementProblem.Build(orchestra, resources, alpha);
        var order = SearchOrder.Compute(problem);
        var heuristic = LocalSearch.Improve(problem, Greedy.Place(problem, order));
        var (hostOf, _, optimal, lowerBound) = BranchAndBound.Search(problem, order, heuristic, options.TimeLimit ?? PlacementOptions.DefaultTimeLimit);
        return ToPlacement(orchestra, resources, problem, hostOf, alpha, optimal, lowerBound);
    }

    private static Placement ToPlacement(
        Orchestra orchestra, Resources resources, PlacementProblem problem, int[] hostOf, double alpha, bool optimal, double lowerBound)
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
