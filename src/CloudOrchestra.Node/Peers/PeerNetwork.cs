using LiteNetLib;

namespace CloudOrchestra.Node.Peers;

/// <summary>
/// LiteNetLib as every node sets it up: events on its own threads as they happen (a node's work per message is a
/// lookup and a send), a channel per latest control, and a peer that says nothing for five seconds taken as gone.
/// Its resends are timed for a stage, not a game. LiteNetLib checks what to resend on each update (every 15 ms by
/// default; here 2 ms) once 25 ms and 2.1 round trips have passed, by a round trip it measures with a ping a second;
/// when pings are lost (30 % loss both ways) that measure swells to about the ping's interval, and a lost message
/// then waited some 2 s for its resend. Here a resend waits 5 ms and two round trips as the clock measures them
/// (the shortest of the last 16 probes, which loss does not swell): some 5 ms on a LAN, 105 ms at a 50 ms round trip.
/// </summary>
public static class PeerNetwork
{
    /// <summary>The fixed part of a resend's delay, ms.</summary>
    public const float ResendFixedDelay = 5;

    /// <summary>The most a resend waits, ms, whatever the round trip.</summary>
    public const float MostResendDelay = 1000;

    /// <summary>A peer's resends as this network times them, before any round trip is measured.</summary>
    public static T Tuned<T>(this T peer) where T : LiteNetPeer
    {
        peer.ResendRttMultiplier = 0;
        peer.ResendFixedDelay = ResendFixedDelay;
        return peer;
    }

    /// <summary>A peer's resends once the round trip to it is measured (nanoseconds).</summary>
    public static void Retune(this LiteNetPeer peer, long roundTrip) =>
        peer.ResendFixedDelay = Math.Min(MostResendDelay, ResendFixedDelay + 2 * roundTrip / 1e6f);

    public static NetManager Create(EventBasedNetListener listener) => new(listener)
    {
        UpdateTime = 2,
        UnsyncedEvents = true,
        UnsyncedReceiveEvent = true,
        UnsyncedDeliveryEvent = true,
        ChannelsCount = Delivery.DeliveryChannels.Count,
        DisconnectTimeout = 5000,
        // The conductor starts beside the machines' nodes and asks until they answer: every 20 ms (at 200 ms, each
        // 'up' waited some 0.2 s for nothing), for 5 s, then again from the start.
        ReconnectDelay = 20,
        MaxConnectAttempts = 250,
        AutoRecycle = true,
        IPv6Enabled = false,
        EnableStatistics = true,
    };
}
