using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Model;

/// <summary>A machine that runs blocks, reached over ssh as <see cref="User"/>@<see cref="Address"/>.</summary>
/// <param name="IdentityFile">Absolute path of the ssh key to use; null to let ssh decide.</param>
public sealed record Host(
    string Name,
    string Address,
    string User,
    int Cores,
    int SshPort,
    string? IdentityFile,
    JackSettings Jack,
    SourceLocation Origin);
