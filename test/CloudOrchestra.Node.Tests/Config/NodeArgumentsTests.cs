using System.Net;
using CloudOrchestra.Node.Config;

namespace CloudOrchestra.Node.Tests.Config;

public sealed class NodeArgumentsTests
{
    [Fact]
    public void A_conductors_command_line_reads_as_the_plan_writes_it()
    {
        var parsed = NodeArguments.TryParse(["conduct", "--config", "node.json", "--secret", "node.secret",
            "--osc-port", "57200", "--osc-address", "0.0.0.0", "--allow", "192.168.1.0/24",
            "--peer", "node1=57300", "--peer", "node2=4470"], out var error);

        Assert.Null(error);
        Assert.True(parsed!.Conducts);
        Assert.Equal((57200, IPAddress.Any), (parsed.OscPort, parsed.OscAddress));
        Assert.True(parsed.Allowed.Single().Contains(IPAddress.Parse("192.168.1.77")));
        Assert.False(parsed.Allowed.Single().Contains(IPAddress.Parse("10.0.0.1")));
        Assert.Equal(new Dictionary<string, int> { ["node1"] = 57300, ["node2"] = 4470 }, parsed.Peers);
    }

    [Theory]
    [InlineData(new[] { "play" },
        "usage: orchestra-node serve|conduct --config FILE --secret FILE ... (docs/node-protocol.md)")]
    [InlineData(new[] { "serve", "--config", "n.json", "--secret", "s", "--peer-port", "70000", "--local-port", "1" },
        "--peer-port 70000: not an option of orchestra-node serve, or not a value it takes")]
    [InlineData(new[] { "serve", "--config", "n.json", "--secret", "s", "--peer-port", "1" },
        "--local-port: which port?")]
    [InlineData(new[] { "serve", "--config" }, "--config: no value")]
    [InlineData(new[] { "conduct", "--config", "n.json", "--secret", "s" }, "--osc-port: which port?")]
    [InlineData(
        new[] { "conduct", "--config", "n.json", "--secret", "s", "--osc-port", "9", "--osc-address", "10.0.0.5" },
        "--osc-address 10.0.0.5: beyond loopback only with --allow (the networks it takes OSC from)")]
    public void A_command_line_it_cannot_take_is_refused_with_the_reason(string[] args, string expected)
    {
        Assert.Null(NodeArguments.TryParse(args, out var error));
        Assert.Equal(expected, error);
    }
}
