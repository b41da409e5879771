namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>
/// The sshd configuration of one local-cloud machine: key login for its one user, and sftp (as real hosts have;
/// Ansible copies files with it), nothing else. Its key
/// exchange is curve25519 alone: OpenSSH's default hybrid post-quantum exchange (sntrup761) costs about
/// 70 ms of CPU per connection on each side here, which a deployment's first ssh connections to eight
/// machines at once spend on two cores. Traffic to these machines never leaves this computer, and
/// real hosts keep OpenSSH's defaults.
/// </summary>
internal static class SshdConfig
{
    public static string Render(string listenAddress, string user, string hostKey, string pidFile) => $"""
        ListenAddress {listenAddress}
        Port 22
        HostKey {hostKey}
        KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
        PidFile {pidFile}
        AuthorizedKeysFile .ssh/authorized_keys
        AllowUsers {user}
        PermitRootLogin no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes yes
        X11Forwarding no
        Subsystem sftp internal-sftp
        MaxSessions 200
        MaxStartups 200:30:400
        LogLevel ERROR

        """;
}
