using CloudOrchestra.Osc;
using CloudOrchestra.Node.Routing;

namespace CloudOrchestra.Node.Tests.Routing;

public sealed class BlockMessageTests
{
    [Fact]
    public void A_message_goes_to_the_block_its_address_begins_with_as_the_rest_of_it()
    {
        var (routed, address) = BlockMessage.Of(new OscMessage("/sine/osc/freq", new OscValue.Float32(660))).Single();

        Assert.Equal("/sine/osc/freq", address);
        Assert.Equal("sine", routed!.Block);
        Assert.Equal(new OscMessage("/osc/freq", new OscValue.Float32(660)), routed.Message);
        Assert.True(routed.Time.IsImmediate);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sine")]
    [InlineData("/sine/")]
    [InlineData("//freq")]
    public void An_address_without_a_block_and_a_rest_names_no_block(string address)
    {
        Assert.Null(BlockMessage.Of(new OscMessage(address)).Single().Message);
    }

    [Fact]
    public void A_bundles_elements_go_each_by_its_own_address_at_its_bundles_time()
    {
        var outer = new OscTimeTag(0x1_0000_0000UL * 4_000_000_000UL);
        var inner = new OscTimeTag(outer.Value + 0x8000_0000UL);
        var bundle = new OscBundle(outer, [
            new OscMessage("/a/x", new OscValue.Int32(1)),
            new OscBundle(inner, [new OscMessage("/b/y"), new OscMessage("nope")]),
        ]);

        var routed = BlockMessage.Of(bundle).ToList();

        Assert.Equal(3, routed.Count);
        Assert.Equal(("a", "/x", outer),
            (routed[0].Message!.Block, routed[0].Message!.Message.Address, routed[0].Message!.Time));
        Assert.Equal(("b", "/y", inner),
            (routed[1].Message!.Block, routed[1].Message!.Message.Address, routed[1].Message!.Time));
        Assert.Null(routed[2].Message);
    }

    [Fact]
    public void A_declared_type_must_match_the_messages_type_tags()
    {
        var message = new OscMessage("/freq", new OscValue.Float32(1), new OscValue.Int32(2));

        Assert.True(BlockMessage.Fits(message, null));
        Assert.True(BlockMessage.Fits(message, "fi"));
        Assert.False(BlockMessage.Fits(message, "f"));
        Assert.False(BlockMessage.Fits(message, "if"));
    }
}
