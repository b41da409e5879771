namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>The sshd configuration of one local-cloud machine: key login for its one user, nothing else.</summary>
internal static class SshdConfig
{
    public static string Render(string listenAddress, string user, string hostKey, string pidFile) => $"""
        ListenAddress {listenAddress}
        Port 22
        HostKey {hostKey}
        PidFile {pidFile}
        AuthorizedKeysFile .ssh/authorized_keys
        AllowUsers {user}
        PermitRootLogin no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes yes
        X11Forwarding no
        MaxSessions 200
        MaxStartups 200:30:400
        LogLevel ERROR

        """;
}
