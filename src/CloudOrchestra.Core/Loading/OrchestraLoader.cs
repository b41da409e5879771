using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// Files → validated model: reads an orchestra directory (<c>synthdef.json</c> and module directories) and
/// its hosts file, checks everything against everything, and reports every problem at once.
/// </summary>
public static class OrchestraLoader
{
    public static readonly IReadOnlyList<string> DefaultHostsFiles = ["hosts.json", "slaves.json"];

    /// <param name="hostsFile">The user's <c>--hosts</c>; null to look for the defaults inside the directory.</param>
    /// <param name="requireHosts">Planning needs machines; validation alone does not.</param>
    /// <param name="synthdef">The synthdef's text to check in place of the file's (an edit not saved yet); errors still
    /// name the file.</param>
    public static LoadResult Load(string directory, string? hostsFile, bool requireHosts, byte[]? synthdef = null)
    {
        var diagnostics = new DiagnosticBag();
        if (!Directory.Exists(directory))
        {
            diagnostics.Error(SourceLocation.WholeFile(DisplayPath.Of(directory)),
                "not a directory: an orchestra is a directory holding synthdef.json and its modules");
            return new LoadResult(null, null, diagnostics.Sorted());
        }
        var orchestra = new SynthdefLoader(directory, diagnostics, synthdef).Load();
        if (orchestra is not null) diagnostics.AddRange(Templates.ModuleTemplates.Check(orchestra));
        var resources = LoadHosts(directory, hostsFile, requireHosts, diagnostics);
        if (orchestra is not null && resources is not null) CheckPlacementRules(orchestra, resources, diagnostics);
        var ok = !diagnostics.HasErrors;
        return new LoadResult(ok ? orchestra : null, ok ? resources : null, diagnostics.Sorted());
    }

    /// <summary>
    /// Every module directory of the orchestra (a subdirectory with a manifest.json) that loads: what blocks can be
    /// made of.
    /// </summary>
    public static IReadOnlyList<Module> Modules(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        var diagnostics = new DiagnosticBag();
        return [.. Directory.EnumerateDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, ManifestLoader.FileName)))
            .Order(StringComparer.Ordinal)
            .Select(d => ManifestLoader.Load(d, Path.GetFileName(d), diagnostics))
            .OfType<Module>()];
    }

    /// <summary>
    /// The machines alone (null when there is no valid hosts file): what an editor offers while the synthdef is broken.
    /// </summary>
    public static Resources? Machines(string directory, string? hostsFile) =>
        FindHostsFile(directory, hostsFile) is { } path && File.Exists(path)
            ? HostsLoader.Load(path, new DiagnosticBag())
            : null;

    /// <summary>
    /// Checks a hosts file's new text, as it would load from <paramref name="path"/>: the machines, or every finding.
    /// </summary>
    public static (Resources? Machines, IReadOnlyList<Diagnostic> Diagnostics) CheckMachines(string path,
        byte[] content)
    {
        var diagnostics = new DiagnosticBag();
        var machines = HostsLoader.Load(path, diagnostics, content);
        return (diagnostics.HasErrors ? null : machines, diagnostics.Sorted());
    }

    /// <summary>
    /// The hosts file that would be used: <paramref name="hostsFile"/>, else the first default that exists.
    /// </summary>
    public static string? FindHostsFile(string directory, string? hostsFile) =>
        hostsFile ?? DefaultHostsFiles.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists);

    private static Resources? LoadHosts(string directory, string? hostsFile, bool requireHosts,
        DiagnosticBag diagnostics)
    {
        var path = FindHostsFile(directory, hostsFile);
        if (path is null)
        {
            if (requireHosts)
            {
                diagnostics.Error(SourceLocation.WholeFile(DisplayPath.Of(directory)),
                    $"no hosts file: pass --hosts FILE, or put {string.Join(" or ", DefaultHostsFiles)} in the "
                        + "orchestra's directory");
            }
            return null;
        }
        if (!File.Exists(path))
        {
            diagnostics.Error(SourceLocation.WholeFile(DisplayPath.Of(path)), "hosts file not found");
            return null;
        }
        return HostsLoader.Load(path, diagnostics);
    }

    /// <summary>Pins name an alias or a machine; distinct aliases need distinct machines.</summary>
    private static void CheckPlacementRules(Orchestra orchestra, Resources resources, DiagnosticBag diagnostics)
    {
        foreach (var block in orchestra.Blocks)
        {
            if (block.Pin is not { } pin || orchestra.IsAlias(pin.Host) || resources.Find(pin.Host) is not null)
                continue;
            diagnostics.Error(pin.Origin,
                $"block '{block.Name}': host '{pin.Host}' is neither a host alias of the synthdef nor a machine in "
                    + $"'{resources.File}'");
        }
        var pinned = orchestra.Blocks.Where(b => b.Pin is not null).GroupBy(b => b.Pin!.Host, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First());
        var used = orchestra.HostAliases.Where(pinned.ContainsKey).ToList();
        if (used.Count > resources.Hosts.Length)
        {
            var firstExtra = pinned[used[resources.Hosts.Length]];
            diagnostics.Error(firstExtra.Pin!.Origin,
                $"the synthdef uses {used.Count} host aliases ({string.Join(", ", used)}) "
                    + $"but '{resources.File}' lists only {resources.Hosts.Length} "
                    + $"machine{(resources.Hosts.Length == 1 ? "" : "s")}: distinct aliases need distinct machines");
        }
    }
}
