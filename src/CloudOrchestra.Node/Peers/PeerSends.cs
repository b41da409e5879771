using LiteNetLib;

namespace CloudOrchestra.Node.Peers;

/// <summary>
/// Sending on a link at once. LiteNetLib queues what is sent and flushes the queue on its next update (every 15 ms
/// by default): each send wakes that update, so that a message waits for no tick and a clock probe's timestamps are
/// the times it really left.
/// </summary>
public static class PeerSends
{
    public static void SendNow(this NetPeer peer, byte[] bytes, DeliveryMethod method, byte channel = 0)
    {
        peer.Send(bytes, channel, method);
        peer.NetManager.TriggerUpdate();
    }
}
