namespace CloudOrchestra.Planning;

/// <param name="Alpha">Weight of one core of overflow against one remote link; null for
/// <see cref="CostModel.DefaultAlpha"/>.</param>
/// <param name="TimeLimit">How long the exact search may run before the best plan found is returned unproven.</param>
public sealed record PlacementOptions(double? Alpha = null, TimeSpan? TimeLimit = null)
{
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(5);
}
