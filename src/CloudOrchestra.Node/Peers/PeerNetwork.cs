using LiteNetLib;

namespace CloudOrchestra.Node.Peers;

/// <summary>
/// LiteNetLib as every node sets it up: events on its own threads as they happen (a node's work per message is a
/// lookup and a send), a channel per latest control, and a peer that says nothing for five seconds taken as gone.
/// </summary>
public static class PeerNetwork
{
    public static NetManager Create(EventBasedNetListener listener) => new(listener)
    {
        UnsyncedEvents = true,
        UnsyncedReceiveEvent = true,
        UnsyncedDeliveryEvent = true,
        ChannelsCount = Delivery.DeliveryChannels.Count,
        DisconnectTimeout = 5000,
        ReconnectDelay = 200,
        MaxConnectAttempts = 25,
        AutoRecycle = true,
        IPv6Enabled = false,
        EnableStatistics = true,
    };
}
