using CloudOrchestra.Osc;

namespace CloudOrchestra.Node.Routing;

/// <summary>
/// One message for one block, as a packet addressed <c>/BLOCK/rest</c> holds it (Aura's location transparency): the
/// block, the message as the block receives it (<c>/rest</c>, arguments unchanged) and when (the time tag of the
/// innermost bundle around it; a lone message: at once).
/// </summary>
public sealed record BlockMessage(string Block, OscMessage Message, OscTimeTag Time)
{
    /// <summary>
    /// Every message of a packet, each by its own address: a bundle's elements may go to different blocks. Addresses
    /// that name no block (<c>/</c>, <c>/block</c> without a rest) come back as null, for the caller to count.
    /// </summary>
    public static IEnumerable<(BlockMessage? Message, string Address)> Of(OscPacket packet) =>
        Of(packet, OscTimeTag.Immediately);

    private static IEnumerable<(BlockMessage?, string)> Of(OscPacket packet, OscTimeTag time) => packet switch
    {
        OscMessage m => [(Split(m, time), m.Address)],
        OscBundle b => b.Elements.SelectMany(e => Of(e, b.Time)),
        _ => [],
    };

    private static BlockMessage? Split(OscMessage message, OscTimeTag time)
    {
        var address = message.Address;
        var slash = address.Length > 1 ? address.IndexOf('/', 1) : -1;
        if (slash <= 1 || slash == address.Length - 1) return null;
        return new BlockMessage(address[1..slash], message with { Address = address[slash..] }, time);
    }

    /// <summary>
    /// Whether the message carries what the block declared for its address (no declared type: anything).
    /// </summary>
    public static bool Fits(OscMessage message, string? type) => type is null || message.TypeTags == type;
}
