using CloudOrchestra.Node.Clock;
using CloudOrchestra.Node.Config;
using CloudOrchestra.Node.Delivery;
using LiteNetLib;

namespace CloudOrchestra.Node.Tests.Delivery;

public sealed class DeliveryTests
{
    private static NodeConfig ConfigWith(params (string Block, string Address, DeliveryMode Mode)[] controls) =>
        new("band", "m1", controls.GroupBy(c => c.Block).ToDictionary(g => g.Key,
            g => new BlockEntry(g.Key, "m1", 57120, g.ToDictionary(c => c.Address, c => new Control(null, c.Mode)))),
            new Dictionary<string, string>());

    [Fact]
    public void Each_latest_control_has_a_sequenced_channel_of_its_own_and_the_other_modes_share_channel_0()
    {
        var channels = new DeliveryChannels(ConfigWith(("b", "/y", DeliveryMode.Latest),
            ("a", "/x", DeliveryMode.Latest), ("a", "/note", DeliveryMode.Ordered)));

        Assert.Equal((1, DeliveryMethod.ReliableSequenced), channels.Of("a", "/x", DeliveryMode.Latest));
        Assert.Equal((2, DeliveryMethod.ReliableSequenced), channels.Of("b", "/y", DeliveryMode.Latest));
        Assert.Equal((0, DeliveryMethod.ReliableOrdered), channels.Of("a", "/note", DeliveryMode.Ordered));
        Assert.Equal((0, DeliveryMethod.ReliableUnordered), channels.Of("a", "/other", DeliveryMode.Reliable));
        Assert.Equal((0, DeliveryMethod.Unreliable), channels.Of("a", "/x", DeliveryMode.Fast));
    }

    [Fact]
    public void Beyond_63_latest_controls_the_rest_travel_ordered_so_that_none_supersedes_another()
    {
        var many = Enumerable.Range(0, 70).Select(i => ("b", $"/c{i:00}", DeliveryMode.Latest)).ToArray();

        var channels = new DeliveryChannels(ConfigWith(many));

        Assert.Equal((63, DeliveryMethod.ReliableSequenced), channels.Of("b", "/c62", DeliveryMode.Latest));
        Assert.Equal((0, DeliveryMethod.ReliableOrdered), channels.Of("b", "/c63", DeliveryMode.Latest));
    }

    [Fact]
    public void Held_messages_are_handed_over_in_their_times_order_and_never_before()
    {
        using var held = new HeldMessages(_ => { });
        var handed = new List<(int, long)>();
        var start = Monotonic.Now();
        using var all = new CountdownEvent(3);

        foreach (var (n, ms) in new[] { (2, 60), (1, 30), (3, 90) })
        {
            var at = start + ms * 1_000_000L;
            held.Hold(at, () => { lock (handed) handed.Add((n, Monotonic.Now() - at)); all.Signal(); });
        }
        held.Hold(start - 1, () => { lock (handed) handed.Add((0, 0)); });   // its time is past: at once

        Assert.True(all.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal([0, 1, 2, 3], handed.Select(h => h.Item1));
        Assert.All(handed, h => Assert.True(h.Item2 >= 0, $"message {h.Item1} was handed over {-h.Item2} ns early"));
    }

    [Fact]
    public void A_message_for_sooner_is_not_kept_waiting_behind_one_held_for_later()
    {
        using var held = new HeldMessages(_ => { });
        using var sooner = new ManualResetEventSlim();
        var later = false;
        held.Hold(Monotonic.Now() + 60_000_000_000L, () => later = true);

        held.Hold(Monotonic.Now() + 20_000_000L, sooner.Set);

        Assert.True(sooner.Wait(TimeSpan.FromSeconds(10)),
            "the message for 20 ms from now waited for the one a minute on");
        Assert.False(later);
        Assert.Equal(1, held.Count);
    }

    [Fact]
    public void The_thread_says_once_at_what_priority_it_hands_messages_over()
    {
        var said = new List<string>();
        using var told = new ManualResetEventSlim();

        using (new HeldMessages(line => { lock (said) said.Add(line); told.Set(); }))
            Assert.True(told.Wait(TimeSpan.FromSeconds(10)));

        Assert.Matches(
            "^timed messages are handed over at (real-time priority 5|normal priority( with a 100 µs slice)?: .+)$",
            Assert.Single(said));
    }
}
