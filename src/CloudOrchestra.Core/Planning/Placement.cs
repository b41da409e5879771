using System.Collections.Immutable;

namespace CloudOrchestra.Planning;

/// <summary>Where every block runs, what it costs, and whether that cost is proven to be the least possible.</summary>
/// <param name="Allocation">Block name → machine name, in the synthdef's block order.</param>
/// <param name="Aliases">Host alias → the machine chosen for it.</param>
/// <param name="LowerBound">No allocation costs less than this; equals the total when
/// <paramref name="Optimal"/>.</param>
public sealed record Placement(
    ImmutableArray<KeyValuePair<string, string>> Allocation,
    ImmutableSortedDictionary<string, string> Aliases,
    Cost Cost,
    bool Optimal,
    double LowerBound)
{
    public IReadOnlyDictionary<string, string> HostOf => Allocation.ToDictionary();

    /// <summary>How far the cost may be above the optimum, as a fraction of the cost: 0 when proven optimal.</summary>
    public double Gap => Cost.Total <= 0 ? 0 : Math.Max(0, (Cost.Total - LowerBound) / Cost.Total);
}
