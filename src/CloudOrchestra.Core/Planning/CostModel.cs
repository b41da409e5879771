using CloudOrchestra.Model;

namespace CloudOrchestra.Planning;

/// <summary>The cost model, computed plainly from the model: the contract the optimizer is checked against.</summary>
public static class CostModel
{
    /// <summary>One more than all connections' channels, so that one core of overflow outweighs every link.</summary>
    public static double DefaultAlpha(Orchestra orchestra) => orchestra.Connections.Sum(c => c.Channels) + 1;

    /// <param name="allocation">Block name → machine name, for every block of the orchestra.</param>
    public static Cost Evaluate(Orchestra orchestra, Resources resources,
        IReadOnlyDictionary<string, string> allocation, double alpha)
    {
        var loads = Loads(orchestra, resources, allocation);
        var overflow = resources.Hosts.Sum(host => Math.Max(0, loads[host.Name] - host.Cores));
        var remote = orchestra.Connections.Where(c => allocation[c.Source] != allocation[c.Sink]).ToList();
        var channels = remote.Sum(c => c.Channels);
        return new Cost(alpha, overflow, remote.Count, orchestra.Connections.Length - remote.Count,
            alpha * overflow + channels, channels);
    }

    /// <summary>Cores allocated to each machine, in the hosts file's order.</summary>
    public static IReadOnlyDictionary<string, int> Loads(Orchestra orchestra, Resources resources,
        IReadOnlyDictionary<string, string> allocation)
    {
        var loads = resources.Hosts.ToDictionary(h => h.Name, _ => 0);
        foreach (var b in orchestra.Blocks) loads[allocation[b.Name]] += b.Cores;
        return loads;
    }
}
