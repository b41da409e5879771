using CloudOrchestra.Node.Peers;

namespace CloudOrchestra.Node.Tests.Peers;

public sealed class HandshakeTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_proof_holds_for_its_role_nonce_and_secret_alone()
    {
        var secret = new DeploymentSecret("band-1234", Key);
        var nonce = DeploymentSecret.NewNonce();
        var proof = secret.Proof(PeerRole.Machine, nonce);

        Assert.True(secret.Proves(PeerRole.Machine, nonce, proof));
        Assert.False(secret.Proves(PeerRole.Conductor, nonce, proof));
        Assert.False(secret.Proves(PeerRole.Machine, DeploymentSecret.NewNonce(), proof));
        Assert.False(new DeploymentSecret("band-1234", [.. Key.Reverse()]).Proves(PeerRole.Machine, nonce, proof));
        Assert.False(new DeploymentSecret("other-1234", Key).Proves(PeerRole.Machine, nonce, proof));
    }

    [Fact]
    public void A_connect_request_reads_back_and_garbage_is_no_request()
    {
        var nonce = DeploymentSecret.NewNonce();
        var read = ConnectRequest.TryDecode(new ConnectRequest("band-1234", nonce).Encode());

        Assert.Equal("band-1234", read!.Deployment);
        Assert.Equal(nonce, read.Nonce);
        Assert.Null(ConnectRequest.TryDecode([1, 2, 3]));
        Assert.Null(ConnectRequest.TryDecode([.. "orchestra-node/2 band-1234 "u8.ToArray(), .. nonce]));
        Assert.Null(ConnectRequest.TryDecode([.. "orchestra-node/1  "u8.ToArray(), .. nonce]));
    }

    [Fact]
    public void A_secret_file_must_hold_hex_digits()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a secret\n");
            Assert.Null(DeploymentSecret.TryRead("band", path, out var error));
            Assert.Equal($"{path}: not a secret (64 or more hex digits)", error);
            File.WriteAllText(path, Convert.ToHexStringLower(Key) + "\n");
            Assert.NotNull(DeploymentSecret.TryRead("band", path, out _));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
