using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Loading;
using CloudOrchestra.Model;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// What must never be staged for a machine: the tool's state directory (its keys, known hosts and records) and the
/// keys the hosts file names. A module's files are copied to every machine that runs it, owned by that machine's
/// user; a module directory that holds those (or lies inside the state directory) would hand them out.
/// </summary>
public static class StagingCheck
{
    public static IReadOnlyList<Diagnostic> Problems(Orchestra orchestra, Resources resources)
    {
        var problems = new List<Diagnostic>();
        var state = ModuleFiles.RealPath(StateDirectory.Root) ?? StateDirectory.Root;
        var modules = orchestra.Modules.Where(m => m.Directory is not null)
            .Select(m => (Module: m, Real: ModuleFiles.RealPath(m.Directory!) ?? m.Directory!)).ToList();
        foreach (var (module, real) in modules)
        {
            if (ModuleFiles.IsInside(real, state) || ModuleFiles.IsInside(state, real))
            {
                problems.Add(new Diagnostic(Severity.Error, module.Origin,
                    $"module '{module.Name}': its directory '{DisplayPath.Of(module.Directory!)}' and "
                        + $"CloudOrchestra's state directory '{state}' (its keys and records) overlap: "
                        + "a module's files are copied to its machines, and those must never be"));
            }
        }
        foreach (var host in resources.Hosts)
        {
            foreach (var key in new[] { host.IdentityFile, host.KnownHostsFile }.OfType<string>())
            {
                var real = ModuleFiles.RealPath(key) ?? key;
                if (modules.FirstOrDefault(m => ModuleFiles.IsInside(m.Real, real)) is { Module: { } holder })
                {
                    problems.Add(new Diagnostic(Severity.Error, host.Origin,
                        $"host '{host.Name}': '{DisplayPath.Of(key)}' lies inside module '{holder.Name}', "
                            + "whose files are copied to every machine that runs it: keep keys out of modules"));
                }
            }
        }
        return problems;
    }
}
