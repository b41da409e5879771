using CloudOrchestra.Node.Config;
using LiteNetLib;

namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// How each mode travels on LiteNetLib, the same at every node of a deployment. <c>fast</c>, <c>reliable</c> and
/// <c>ordered</c> are LiteNetLib's Unreliable, ReliableUnordered and ReliableOrdered on channel 0. <c>latest</c> is
/// ReliableSequenced ("reliable only last packet"), whose channel must carry one address alone, or a newer value of
/// another address would supersede this one's last: each declared latest control of the deployment has a channel of its
/// own, 1 to 63 in name order. Beyond 63 such controls, the rest travel ordered: every value arrives, the newest last.
/// </summary>
public sealed class DeliveryChannels
{
    public const byte Count = 64;
    private readonly Dictionary<(string Block, string Address), byte> latest = [];

    public DeliveryChannels(NodeConfig config)
    {
        var declared = config.Blocks.Values
            .SelectMany(b => b.Controls.Where(c => c.Value.Delivery == DeliveryMode.Latest)
                .Select(c => (b.Name, c.Key)))
            .Order().Take(Count - 1);
        foreach (var (control, i) in declared.Select((c, i) => (c, i))) latest[control] = (byte)(i + 1);
    }

    public (byte Channel, DeliveryMethod Method) Of(string block, string address, DeliveryMode mode) => mode switch
    {
        DeliveryMode.Fast => (0, DeliveryMethod.Unreliable),
        DeliveryMode.Reliable => (0, DeliveryMethod.ReliableUnordered),
        DeliveryMode.Latest when latest.TryGetValue((block, address), out var channel) =>
            (channel, DeliveryMethod.ReliableSequenced),
        _ => (0, DeliveryMethod.ReliableOrdered),
    };
}
