namespace CloudOrchestra.Deploy;

/// <summary>
/// Where the tool keeps what it owns: keys, known hosts, local-cloud records. Never the user's
/// <c>~/.ssh</c>. <c>ORCHESTRA_STATE_DIR</c> overrides it (tests use their own).
/// </summary>
public static class StateDirectory
{
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ORCHESTRA_STATE_DIR") is { Length: > 0 } explicitDir)
                return Path.GetFullPath(explicitDir);
            var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            var baseDir = xdg is { Length: > 0 }
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            return Path.Combine(baseDir, "cloudorchestra");
        }
    }
}
