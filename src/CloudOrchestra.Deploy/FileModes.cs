namespace CloudOrchestra.Deploy;

/// <summary>The modes the tool gives the files and directories it writes, spelled once.</summary>
public static class FileModes
{
    /// <summary>
    /// 0755: a program anyone on the machine may run, only its owner change (the agent, the node, run.sh).
    /// </summary>
    public const UnixFileMode Program = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>0700: a directory no one but its owner may read or enter.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0600: a file only its owner may read (the deployment's secret).</summary>
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
