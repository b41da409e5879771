using CloudOrchestra.Loading;
using CloudOrchestra.Planning;
using CloudOrchestra.Tests.Loading;
using static CloudOrchestra.Tests.Planning.Models;

namespace CloudOrchestra.Tests.Planning;

public sealed class OptimizerTests
{
    [Fact]
    public void Chain_stays_together_when_it_fits()
    {
        var orchestra = Orchestra([Block("a"), Block("b"), Block("c")], [("a", "b"), ("b", "c")]);

        var placement = Optimizer.Place(orchestra, Hosts(1, 3));

        Assert.True(placement.Optimal);
        Assert.Equal(0, placement.Cost.Total);
        Assert.All(placement.Allocation, kv => Assert.Equal("h2", kv.Value));
    }

    [Fact]
    public void A_chain_too_long_for_any_machine_is_known_to_cut_one_link_per_extra_machine_before_any_search()
    {
        var blocks = Enumerable.Range(0, 32).Select(i => Block($"b{i}")).ToList();
        var orchestra = Orchestra(blocks, [.. Enumerable.Range(1, 31).Select(i => ($"b{i - 1}", $"b{i}"))]);

        // No time to search: the lower bound is the root's. 32 cores on 8 machines of 4 need all 8, so 7 links are cut.
        var placement = Optimizer.Place(orchestra, Hosts(4, 4, 4, 4, 4, 4, 4, 4),
            new PlacementOptions(TimeLimit: TimeSpan.Zero));

        Assert.Equal(7, placement.LowerBound);
        Assert.Equal((0, 7), (placement.Cost.Overflow, placement.Cost.RemoteLinks));
    }

    [Fact]
    public void Overflow_comes_before_links()
    {
        var orchestra = Orchestra([Block("a"), Block("b"), Block("c")], [("a", "b"), ("b", "c")]);

        var placement = Optimizer.Place(orchestra, Hosts(2, 1));

        Assert.Equal((0, 1), (placement.Cost.Overflow, placement.Cost.RemoteLinks));
    }

    [Fact]
    public void A_small_alpha_trades_overflow_for_locality()
    {
        var orchestra = Orchestra([Block("a"), Block("b"), Block("c")], [("a", "b"), ("b", "c")]);

        var placement = Optimizer.Place(orchestra, Hosts(2, 1), new PlacementOptions(Alpha: 0.5));

        Assert.Equal((1, 0, 0.5), (placement.Cost.Overflow, placement.Cost.RemoteLinks, placement.Cost.Total));
    }

    [Fact]
    public void Pinned_blocks_stay_on_their_machine_and_aliases_get_distinct_machines()
    {
        var orchestra = Orchestra(
            [Block("a", pin: "x"), Block("b", pin: "y"), Block("c", pin: "h3"), Block("d")],
            [("a", "b"), ("b", "c"), ("c", "d")], "x", "y");

        var placement = Optimizer.Place(orchestra, Hosts(4, 4, 4));

        var hostOf = placement.HostOf;
        Assert.Equal("h3", hostOf["c"]);
        Assert.NotEqual(hostOf["a"], hostOf["b"]);
        Assert.Equal(hostOf["a"], placement.Aliases["x"]);
        Assert.Equal("h3", hostOf["d"]);
        Assert.Equal("h3", placement.Aliases["y"]);
        Assert.Equal(1, placement.Cost.RemoteLinks);
    }

    [Fact]
    public void Same_input_gives_the_same_plan()
    {
        var orchestra = Orchestra([.. Enumerable.Range(0, 9).Select(i => Block($"b{i}"))],
            Enumerable.Range(0, 8).Select(i => ($"b{i}", $"b{(i * 5 + 3) % 9}")));

        var first = Optimizer.Place(orchestra, Hosts(3, 3, 3, 3));
        var second = Optimizer.Place(orchestra, Hosts(3, 3, 3, 3));

        Assert.Equal(first.Allocation.ToArray(), second.Allocation.ToArray());
    }

    [Theory]
    [InlineData("base-example")]
    [InlineData("fm-lp-multi-host-example")]
    public void Prototype_examples_get_proven_optimal_plans(string fixture)
    {
        var result = OrchestraLoader.Load(PrototypeFixtureTests.FixturePath(fixture), null, requireHosts: true);

        var placement = Optimizer.Place(result.Orchestra!, result.Resources!);

        Assert.True(placement.Optimal);
        Assert.Equal(EnumeratedOptimum(result.Orchestra!, result.Resources!, placement.Cost.Alpha),
            placement.Cost.Total);
        Assert.Equal(new Cost(7, 3, 3, 3, 24, 3), placement.Cost);
    }

    [Fact]
    public void Fm_lp_example_on_the_base_examples_machines_is_proven_optimal()
    {
        var hosts = Path.Combine(PrototypeFixtureTests.FixturePath("base-example"), "slaves.json");
        var result = OrchestraLoader.Load(PrototypeFixtureTests.FixturePath("fm-lp-example"), hosts,
            requireHosts: true);

        var placement = Optimizer.Place(result.Orchestra!, result.Resources!);

        Assert.True(placement.Optimal);
        Assert.Equal(EnumeratedOptimum(result.Orchestra!, result.Resources!, placement.Cost.Alpha),
            placement.Cost.Total);
        Assert.Equal((1, 3), (placement.Cost.Overflow, placement.Cost.RemoteLinks));
    }

    /// <summary>
    /// 2,000 blocks on 200 machines: far beyond the exact search; the multilevel plan must still be sound.
    /// </summary>
    [Fact]
    public void A_large_orchestra_gets_a_legal_deterministic_plan_far_better_than_least_loaded()
    {
        var random = new Random(7);
        // about 3,200 cores for 2,400 of demand
        var cores = Enumerable.Range(0, 200).Select(_ => random.Next(14, 19)).ToArray();
        var blocks = Enumerable.Range(0, 2000).Select(i => i % 50 == 0
            ? Block($"b{i}", 1 + i % 2, pin: $"h{1 + random.Next(200)}")
            : i % 97 == 1
                ? Block($"b{i}", 1, pin: $"alias{i % 3}")
                : Block($"b{i}", 1 + (i % 5 == 0 ? 1 : 0))).ToList();
        var connections = Enumerable.Range(1, 1999).Select(i => ($"b{random.Next(i)}", $"b{i}"))
            .Concat(Enumerable.Range(0, 1000).Select(_ => ($"b{random.Next(2000)}", $"b{random.Next(2000)}")))
            .Where(c => c.Item1 != c.Item2).Distinct().ToList();
        var orchestra = Orchestra(blocks, connections, "alias0", "alias1", "alias2");
        var resources = Hosts(cores);

        var placement = Optimizer.Place(orchestra, resources);
        var again = Optimizer.Place(orchestra, resources);

        var hostOf = placement.HostOf;
        Assert.All(blocks.Where(b => b.Pin is { } p && !orchestra.IsAlias(p.Host)),
            b => Assert.Equal(b.Pin!.Host, hostOf[b.Name]));
        Assert.All(blocks.Where(b => b.Pin is { } p && orchestra.IsAlias(p.Host)),
            b => Assert.Equal(placement.Aliases[b.Pin!.Host], hostOf[b.Name]));
        Assert.Equal(3, placement.Aliases.Values.Distinct().Count());
        Assert.Equal(CostModel.Evaluate(orchestra, resources, hostOf, placement.Cost.Alpha), placement.Cost);
        Assert.Equal(placement.Allocation.ToArray(), again.Allocation.ToArray());
        Assert.Equal(0, placement.Cost.Overflow);
        Assert.False(placement.Optimal);
        Assert.InRange(placement.LowerBound, 0, placement.Cost.Total);

        // The prototype's fallback: each block on the machine with the most free cores. On this random graph ours cuts
        // 2.5× fewer links.
        var load = resources.Hosts.ToDictionary(h => h.Name, _ => 0);
        var leastLoaded = new Dictionary<string, string>();
        foreach (var b in blocks.Where(b => b.Pin is not null && !orchestra.IsAlias(b.Pin.Host)))
            load[leastLoaded[b.Name] = b.Pin!.Host] += b.Cores;
        foreach (var b in blocks.Where(b => !leastLoaded.ContainsKey(b.Name)))
        {
            var host = resources.Hosts.MaxBy(h => h.Cores - load[h.Name])!.Name;
            load[leastLoaded[b.Name] = host] += b.Cores;
        }
        var fallback = CostModel.Evaluate(orchestra, resources, leastLoaded, placement.Cost.Alpha);
        Assert.True(placement.Cost.RemoteLinks * 2 < fallback.RemoteLinks,
            $"ours {placement.Cost.RemoteLinks} remote links, least-loaded {fallback.RemoteLinks}");
    }
}
