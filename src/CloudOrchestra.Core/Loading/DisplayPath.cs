namespace CloudOrchestra.Loading;

/// <summary>
/// Paths in messages read as the user would type them: relative to the working directory when inside it.
/// </summary>
public static class DisplayPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }
}
