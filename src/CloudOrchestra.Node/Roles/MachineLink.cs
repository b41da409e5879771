using CloudOrchestra.Node.Peers;
using LiteNetLib;

namespace CloudOrchestra.Node.Roles;

/// <summary>
/// The conductor's link to one machine's node: connecting (its handshake's nonce), or admitted. What is sent before
/// it is admitted waits, and goes in order once it is; a link lost goes back to connecting.
/// </summary>
public sealed class MachineLink(string name, System.Net.IPEndPoint at)
{
    private const int MostWaiting = 100_000;
    private readonly Lock gate = new();
    private readonly Queue<(byte[] Bytes, byte Channel, DeliveryMethod Method)> waiting = new();
    private NetPeer? peer;
    private bool admitted;

    public string Name { get; } = name;

    public System.Net.IPEndPoint At { get; } = at;

    public byte[] Nonce { get; private set; } = [];

    public bool Admitted { get { lock (gate) return admitted; } }

    public bool IsAdmitted(NetPeer candidate) { lock (gate) return admitted && peer == candidate; }

    public void Connecting(NetPeer candidate, byte[] nonce)
    {
        lock (gate) (peer, Nonce, admitted) = (candidate, nonce, false);
    }

    /// <returns>What waited for the link, to send now, in order.</returns>
    public IReadOnlyList<(byte[] Bytes, byte Channel, DeliveryMethod Method)> Admit(NetPeer candidate)
    {
        lock (gate)
        {
            (peer, admitted) = (candidate, true);
            var all = waiting.ToList();
            waiting.Clear();
            return all;
        }
    }

    /// <returns>Whether it was admitted.</returns>
    public bool Lose(NetPeer lost)
    {
        lock (gate)
        {
            if (peer != lost) return false;
            var was = admitted;
            (peer, admitted) = (null, false);
            return was;
        }
    }

    public void Send(byte[] bytes, byte channel, DeliveryMethod method)
    {
        lock (gate)
        {
            if (admitted && peer is not null) peer.SendNow(bytes, method, channel);
            else if (waiting.Count < MostWaiting) waiting.Enqueue((bytes, channel, method));
        }
    }
}
