using CloudOrchestra.Model;
using CloudOrchestra.Planning;
using CloudOrchestra.Planning.Search;
using FsCheck;
using FsCheck.Fluent;
using static CloudOrchestra.Tests.Planning.Models;

namespace CloudOrchestra.Tests.Planning;

/// <summary>
/// On every random orchestra small enough to enumerate, the optimizer's plan is legal, its reported
/// cost is the cost model's, and when it says optimal the cost is the enumerated optimum.
/// </summary>
public sealed class OptimizerPropertyTests
{
    public sealed record Case(Orchestra Orchestra, Resources Resources, double Alpha)
    {
        public override string ToString() =>
            $"hosts [{string.Join(", ", Resources.Hosts.Select(h => h.Cores))}], alpha {Alpha}, blocks "
            + string.Join(", ",
                Orchestra.Blocks.Select(b => $"{b.Name}:{b.Cores}{(b.Pin is null ? "" : "@" + b.Pin.Host)}"))
            + "; links " + string.Join(", ", Orchestra.Connections.Select(c => $"{c.Source}->{c.Sink}×{c.Channels}"));
    }

    private static readonly Gen<Case> Cases =
        RandomModels(hosts: (1, 4), maxCores: 3, blocks: (1, 7), edges: (0, 10), pinWeights: (6, 1, 2));

    /// <summary>
    /// Beyond enumeration: up to 14 blocks on up to 4 machines, where the two exact searches check each other.
    /// </summary>
    private static readonly Gen<Case> LargerCases =
        RandomModels(hosts: (2, 4), maxCores: 5, blocks: (8, 14), edges: (5, 30), pinWeights: (8, 1, 1));

    /// <param name="pinWeights">How often a block is free, pinned to a machine, or pinned to a host alias.</param>
    private static Gen<Case> RandomModels((int, int) hosts, int maxCores, (int, int) blocks, (int, int) edges,
        (int Free, int Machine, int Alias) pinWeights) =>
        from hostCount in Gen.Choose(hosts.Item1, hosts.Item2)
        from cores in Gen.ArrayOf(Gen.Choose(1, maxCores), hostCount)
        from aliasCount in Gen.Choose(0, Math.Min(2, hostCount))
        from blockCount in Gen.Choose(blocks.Item1, blocks.Item2)
        from blockCores in Gen.ArrayOf(Gen.Choose(0, 2), blockCount)
        from pinKinds in Gen.ArrayOf(Gen.Frequency((pinWeights.Free, Gen.Constant(0)),
            (pinWeights.Machine, Gen.Constant(1)), (pinWeights.Alias, Gen.Constant(2))), blockCount)
        from pinTargets in Gen.ArrayOf(Gen.Choose(0, 3), blockCount)
        from edgeCount in Gen.Choose(edges.Item1, edges.Item2)
        from links in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, blockCount - 1), Gen.Choose(0, blockCount - 1)), edgeCount)
        from channels in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Choose(2, 4))), edgeCount)
        from alphaKind in Gen.Elements(0, 1, 2)
        select Build(cores, aliasCount, blockCores, pinKinds, pinTargets, links, channels, alphaKind);

    private static Case Build(int[] cores, int aliasCount, int[] blockCores, int[] pinKinds, int[] pinTargets,
        (int, int)[] edges, int[] channels, int alphaKind)
    {
        var aliases = Enumerable.Range(0, aliasCount).Select(i => $"alias{i}").ToArray();
        var blocks = blockCores.Select((c, i) => Block($"b{i}", c, pinKinds[i] switch
        {
            1 => $"h{pinTargets[i] % cores.Length + 1}",
            2 when aliasCount > 0 => aliases[pinTargets[i] % aliasCount],
            _ => null,
        }));
        var connections = edges.Select((e, i) => (Edge: e, Channels: channels[i])).DistinctBy(e => e.Edge)
            .Select(e => ($"b{e.Edge.Item1}", $"b{e.Edge.Item2}", e.Channels));
        var orchestra = OrchestraWithChannels(blocks, connections, aliases);
        var alpha = alphaKind switch { 0 => CostModel.DefaultAlpha(orchestra), 1 => 1, _ => 0.5 };
        return new Case(orchestra, Hosts(cores), alpha);
    }

    private static void Check(Func<Case, bool> property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(Arb.From(Cases), property));

    [Fact]
    public void When_optimal_the_cost_equals_the_enumerated_optimum() => Check(c =>
    {
        var placement = Optimizer.Place(c.Orchestra, c.Resources, new PlacementOptions(c.Alpha));
        return placement.Optimal
            && Math.Abs(placement.Cost.Total - EnumeratedOptimum(c.Orchestra, c.Resources, c.Alpha)) < 1e-9;
    });

    [Fact]
    public void Plans_are_legal_and_report_the_cost_models_cost() => Check(c =>
    {
        var placement = Optimizer.Place(c.Orchestra, c.Resources, new PlacementOptions(c.Alpha));
        var hostOf = placement.HostOf;
        var legal = AllAllocations(c.Orchestra, c.Resources).Any(a => a.All(kv => hostOf[kv.Key] == kv.Value));
        var cost = CostModel.Evaluate(c.Orchestra, c.Resources, hostOf, c.Alpha);
        return legal && cost == placement.Cost && hostOf.Count == c.Orchestra.Blocks.Length;
    });

    [Fact]
    public void The_set_partitioning_search_proves_the_enumerated_optimum() => Check(c =>
    {
        var problem = PlacementProblem.Build(c.Orchestra, c.Resources, c.Alpha);
        if (!BranchAndPrice.Applies(problem)) return true;
        var start = Greedy.Place(problem, SearchOrder.Compute(problem));
        var (hostOf, cost, optimal, lowerBound) = BranchAndPrice.Search(problem, start, TimeSpan.FromSeconds(10));
        var aliasHosts = Enumerable.Range(0, problem.UnitCount).Where(u => problem.Units[u].IsAlias)
            .Select(u => hostOf[u]).ToList();
        var optimum = EnumeratedOptimum(c.Orchestra, c.Resources, c.Alpha);
        return optimal && Math.Abs(cost - optimum) < 1e-9 && Math.Abs(problem.Evaluate(hostOf) - cost) < 1e-9
            && lowerBound == cost && aliasHosts.Distinct().Count() == aliasHosts.Count;
    });

    [Fact]
    public void The_two_exact_searches_agree_beyond_enumeration() =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Arb.From(LargerCases), c =>
        {
            var problem = PlacementProblem.Build(c.Orchestra, c.Resources, c.Alpha);
            var order = SearchOrder.Compute(problem);
            var start = Greedy.Place(problem, order);
            var links = BranchAndBound.Search(problem, order, start, TimeSpan.FromSeconds(30));
            var sets = BranchAndPrice.Search(problem, start, TimeSpan.FromSeconds(30));
            return links.Optimal && sets.Optimal && Math.Abs(links.Cost - sets.Cost) < 1e-9
                && Math.Abs(problem.Evaluate(sets.HostOf) - sets.Cost) < 1e-9;
        }));

    [Fact]
    public void Pins_always_hold() => Check(c =>
    {
        var placement = Optimizer.Place(c.Orchestra, c.Resources, new PlacementOptions(c.Alpha));
        return c.Orchestra.Blocks.Where(b => b.Pin is not null).All(b =>
            placement.HostOf[b.Name]
                == (c.Orchestra.IsAlias(b.Pin!.Host) ? placement.Aliases[b.Pin.Host] : b.Pin.Host));
    });

    [Fact]
    public void The_exact_search_is_never_worse_than_the_heuristic_it_started_from() => Check(c =>
    {
        var problem = PlacementProblem.Build(c.Orchestra, c.Resources, c.Alpha);
        var order = SearchOrder.Compute(problem);
        var heuristic = LocalSearch.Improve(problem, Greedy.Place(problem, order));
        var placement = Optimizer.Place(c.Orchestra, c.Resources, new PlacementOptions(c.Alpha));
        return placement.Cost.Total <= problem.Evaluate(heuristic) + 1e-9;
    });

    [Fact]
    public void The_lower_bound_never_exceeds_the_enumerated_optimum() => Check(c =>
    {
        var placement = Optimizer.Place(c.Orchestra, c.Resources, new PlacementOptions(c.Alpha));
        var optimum = EnumeratedOptimum(c.Orchestra, c.Resources, c.Alpha);
        return placement.LowerBound <= optimum + 1e-9 && placement.Cost.Total >= optimum - 1e-9
            && (placement.Optimal ? placement.Gap == 0 : placement.Gap >= 0);
    });

    [Fact]
    public void The_multilevel_plan_is_legal_and_never_beats_the_optimum() => Check(c =>
    {
        var problem = PlacementProblem.Build(c.Orchestra, c.Resources, c.Alpha);
        var hostOf = Multilevel.Place(problem);
        var aliasHosts = Enumerable.Range(0, problem.UnitCount).Where(u => problem.Units[u].IsAlias)
            .Select(u => hostOf[u]).ToList();
        return hostOf.Length == problem.UnitCount && hostOf.All(h => h >= 0 && h < problem.HostCount)
            && aliasHosts.Distinct().Count() == aliasHosts.Count
            && problem.Evaluate(hostOf) >= EnumeratedOptimum(c.Orchestra, c.Resources, c.Alpha) - 1e-9;
    });

    [Fact]
    public void Iterated_local_search_keeps_plans_legal_and_never_makes_them_worse() => Check(c =>
    {
        var problem = PlacementProblem.Build(c.Orchestra, c.Resources, c.Alpha);
        var start = Multilevel.Place(problem);
        var hostOf = IteratedLocalSearch.Improve(problem, start, kicks: 30);
        var aliasHosts = Enumerable.Range(0, problem.UnitCount).Where(u => problem.Units[u].IsAlias)
            .Select(u => hostOf[u]).ToList();
        return hostOf.Length == problem.UnitCount && hostOf.All(h => h >= 0 && h < problem.HostCount)
            && aliasHosts.Distinct().Count() == aliasHosts.Count
            && problem.Evaluate(hostOf) <= problem.Evaluate(start) + 1e-9
            && problem.Evaluate(hostOf) >= EnumeratedOptimum(c.Orchestra, c.Resources, c.Alpha) - 1e-9;
    });
}
