namespace CloudOrchestra.Files;

/// <summary>
/// What a module directory holds: a file, a directory, or a symbolic link (as written, and the path it ends at).
/// </summary>
/// <param name="Target">A link's end, every link on the way resolved; null for a loop of links.</param>
public sealed record ModuleEntry(string RelativePath, ModuleEntryKind Kind, string? Written = null,
    string? Target = null);

public enum ModuleEntryKind
{
    File,
    Directory,

    /// <summary>
    /// A symbolic link to a file or directory inside the module: staged as a link (relative), rendered as its file.
    /// </summary>
    Link,
}

/// <summary>
/// The files of a module directory, as they are copied to machines: walked without following symbolic links, so
/// that a link can neither reach beyond the module (to <c>/etc/shadow</c>, or to the tool's own keys) nor loop. A link
/// must end at a file or directory inside the module; anything else is a problem the loader reports.
/// </summary>
public static class ModuleFiles
{
    public static IEnumerable<ModuleEntry> Walk(string moduleDirectory)
    {
        var root = new DirectoryInfo(moduleDirectory);
        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root.FullName, entry.FullName);
                if (entry.LinkTarget is not null)
                {
                    yield return new ModuleEntry(relative, ModuleEntryKind.Link, entry.LinkTarget,
                        RealPath(entry.FullName));
                }
                else if (entry is DirectoryInfo subdirectory)
                {
                    yield return new ModuleEntry(relative, ModuleEntryKind.Directory);
                    pending.Push(subdirectory);
                }
                else
                {
                    yield return new ModuleEntry(relative, ModuleEntryKind.File);
                }
            }
        }
    }

    /// <summary>
    /// What is wrong with a link of the module, or null when it ends at a file or directory inside it.
    /// </summary>
    public static string? LinkProblem(string moduleDirectory, ModuleEntry link)
    {
        if (link.Target is null) return $"'{link.RelativePath}' is a symbolic link that never ends (a loop of links)";
        if (!IsInside(RealPath(moduleDirectory)!, link.Target))
        {
            return $"'{link.RelativePath}' is a symbolic link to '{link.Written}', outside the module's directory: "
                + "only the module's own files may be copied to its machines";
        }
        if (!Path.Exists(link.Target))
            return $"'{link.RelativePath}' is a symbolic link to '{link.Written}', which does not exist";
        return null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="directory"/> or lies below it (both absolute, links
    /// resolved).
    /// </summary>
    public static bool IsInside(string directory, string path) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>
    /// The absolute path with every symbolic link on the way resolved (as realpath(3) does, but a path that does not
    /// exist is resolved as far as it goes); null for a loop of links.
    /// </summary>
    public static string? RealPath(string path)
    {
        var links = 0;
        var resolved = "/";
        var rest =
            new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        while (rest.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }
            var next = Path.Combine(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }
            if (++links > 40) return null;   // the kernel's own limit on links followed: a loop
            if (Path.IsPathRooted(target)) resolved = "/";
            foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) rest.Push(p);
        }
        return resolved;
    }
}
