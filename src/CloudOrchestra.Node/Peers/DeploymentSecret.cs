using System.Security.Cryptography;
using System.Text;
using CloudOrchestra.Node.Protocol;

namespace CloudOrchestra.Node.Peers;

/// <summary>
/// The deployment's shared secret, which every node of it holds and no other program does: a link is admitted only
/// once each end has proven it holds the secret (an HMAC of the other end's fresh nonce), so that neither a stranger
/// nor a replayed handshake gets in, and the secret never crosses the network.
/// </summary>
public sealed class DeploymentSecret(string deployment, byte[] key)
{
    public string Deployment { get; } = deployment;

    /// <summary>Reads the secret from its file: hex digits, 32 bytes at least, on one line.</summary>
    public static DeploymentSecret? TryRead(string deployment, string path, out string? error)
    {
        error = null;
        try
        {
            var text = File.ReadAllText(path).Trim();
            var key = text.Length >= 64 && text.All(char.IsAsciiHexDigit) ? Convert.FromHexString(text) : null;
            if (key is not null) return new DeploymentSecret(deployment, key);
            error = $"{path}: not a secret (64 or more hex digits)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: {e.Message}";
        }
        return null;
    }

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(PeerCodec.NonceLength);

    /// <summary>What the end playing <paramref name="role"/> answers to a nonce.</summary>
    public byte[] Proof(PeerRole role, ReadOnlySpan<byte> nonce)
    {
        var said = Encoding.UTF8.GetBytes($"orchestra-node/1 {role} {Deployment} ");
        return HMACSHA256.HashData(key, (byte[])[.. said, .. nonce]);
    }

    public bool Proves(PeerRole role, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> proof) =>
        CryptographicOperations.FixedTimeEquals(Proof(role, nonce), proof);
}

/// <summary>
/// Which end of a link a node is: the conductor (the listener's node) connects to each machine's node.
/// </summary>
public enum PeerRole
{
    Conductor,
    Machine,
}
