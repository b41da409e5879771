using System.Text;

namespace CloudOrchestra.Node.Peers;

/// <summary>
/// What the conductor sends with its connection request: the protocol, the deployment it plays and a fresh nonce for
/// the machine node to prove itself with. A request for another deployment, or of another protocol, is refused at once.
/// </summary>
public sealed record ConnectRequest(string Deployment, byte[] Nonce)
{
    private const string Magic = "orchestra-node/1";

    public byte[] Encode() => [.. Encoding.UTF8.GetBytes($"{Magic} {Deployment} "), .. Nonce];

    public static ConnectRequest? TryDecode(ReadOnlySpan<byte> data)
    {
        var length = data.Length - Protocol.PeerCodec.NonceLength;
        if (length <= 0) return null;
        var words = Encoding.UTF8.GetString(data[..length]).Split(' ');
        return words is [Magic, { Length: > 0 } deployment, ""]
            ? new ConnectRequest(deployment, data[length..].ToArray())
            : null;
    }
}
