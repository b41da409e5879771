using CloudOrchestra.Planning;
using static CloudOrchestra.Tests.Planning.Models;

namespace CloudOrchestra.Tests.Planning;

public sealed class CostModelTests
{
    [Fact]
    public void Overflow_is_the_cores_beyond_each_machines_cores()
    {
        var orchestra = Orchestra([Block("a", 2), Block("b", 2), Block("c", 1)], []);

        var cost = CostModel.Evaluate(orchestra, Hosts(1, 3),
            new Dictionary<string, string> { ["a"] = "h1", ["b"] = "h2", ["c"] = "h2" }, alpha: 10);

        Assert.Equal(new Cost(10, 1 + 0, 0, 0, 10, 0), cost);
    }

    [Fact]
    public void Remote_links_count_each_connection_between_machines_once()
    {
        var orchestra = Orchestra([Block("a"), Block("b"), Block("c")],
            [("a", "b"), ("b", "c"), ("c", "a"), ("a", "c")]);

        var cost = CostModel.Evaluate(orchestra, Hosts(3, 3),
            new Dictionary<string, string> { ["a"] = "h1", ["b"] = "h1", ["c"] = "h2" }, alpha: 5);

        Assert.Equal(new Cost(5, 0, 3, 1, 3, 3), cost);
    }

    [Fact]
    public void A_remote_link_weighs_its_channels()
    {
        var orchestra = OrchestraWithChannels([Block("a"), Block("b"), Block("c")],
            [("a", "b", 2), ("b", "c", 1), ("a", "c", 4)]);

        var cost = CostModel.Evaluate(orchestra, Hosts(3, 3),
            new Dictionary<string, string> { ["a"] = "h1", ["b"] = "h2", ["c"] = "h2" }, alpha: 10);

        Assert.Equal(new Cost(10, 0, 2, 1, 6, 6), cost);
        Assert.Equal(8, CostModel.DefaultAlpha(orchestra));
    }

    [Fact]
    public void The_optimizer_keeps_the_widest_link_on_one_machine()
    {
        // Two machines of two cores, three blocks in a triangle: one block must go alone, and with it go its two links.
        var orchestra = OrchestraWithChannels([Block("a"), Block("b"), Block("c")],
            [("a", "b", 1), ("b", "c", 8), ("c", "a", 1)]);

        var placement = Optimizer.Place(orchestra, Hosts(2, 2));

        Assert.Equal(placement.HostOf["b"], placement.HostOf["c"]);
        Assert.NotEqual(placement.HostOf["a"], placement.HostOf["b"]);
        Assert.Equal((2, 2.0), (placement.Cost.RemoteChannels, placement.Cost.Total));
        Assert.True(placement.Optimal);
    }

    [Fact]
    public void Default_alpha_makes_one_core_of_overflow_outweigh_every_link()
    {
        var orchestra = Orchestra([Block("a"), Block("b")], [("a", "b"), ("b", "a")]);

        Assert.Equal(3, CostModel.DefaultAlpha(orchestra));
    }
}
