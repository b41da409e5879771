using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Model;

/// <summary>A machine that runs blocks, reached over ssh as <see cref="User"/>@<see cref="Address"/>.</summary>
/// <param name="IdentityFile">Absolute path of the ssh key to use; null to let ssh decide.</param>
/// <param name="KnownHostsFile">Absolute path of the known_hosts file that vouches for this machine's host key; null
/// for the user's own.</param>
public sealed record Host(
    string Name,
    string Address,
    string User,
    int Cores,
    int SshPort,
    string? IdentityFile,
    JackSettings Jack,
    SourceLocation Origin,
    string? KnownHostsFile = null);
