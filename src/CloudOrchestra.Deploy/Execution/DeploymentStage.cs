using System.Reflection;
using CloudOrchestra.Deployment;
using CloudOrchestra.Files;
using Module = CloudOrchestra.Model.Module;
using CloudOrchestra.Templates;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// What a machine receives, staged in a directory here: the agent, its environment (the deployment's JACK
/// server name) and the modules its blocks use. <c>up</c> syncs it; generated scripts and playbooks copy it.
/// </summary>
public static class DeploymentStage
{
    private const string ResourcePrefix = "agent/";
    private static readonly Lazy<IReadOnlyList<AgentFile>> AgentFilesValue = new(LoadAgentFiles);

    /// <summary>The agent script, the entry point every caller runs; its parts are in <c>lib/</c> beside it.</summary>
    public const string AgentScript = "orchestra-agent";

    /// <summary>The JACK client shim's source, which the agent builds on a machine when a synth needs it.</summary>
    public const string ShimFile = "jack-client-name.c";

    /// <summary>
    /// The JACK helper's source: one JACK client for all of an agent's questions, built on a machine that has a C
    /// compiler.
    /// </summary>
    public const string HelperFile = "jack-ops.c";

    /// <summary>
    /// The node's program for linux-x64 (NativeAOT: no .NET needed there), as this assembly carries it.
    /// </summary>
    private static readonly Lazy<byte[]> NodeBinaryValue = new(() => ResourceBytes("node/linux-x64/orchestra-node"));

    public static byte[] NodeBinary => NodeBinaryValue.Value;

    /// <summary>
    /// The agent's files, as every machine receives them: the script, its <c>lib/</c> and the C sources it builds.
    /// </summary>
    public static IReadOnlyList<AgentFile> AgentFiles => AgentFilesValue.Value;

    private static IReadOnlyList<AgentFile> LoadAgentFiles() =>
        [.. Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(name => new AgentFile(name[ResourcePrefix.Length..], ResourceBytes(name)))];

    private static byte[] ResourceBytes(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"this build carries no {name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The node's program (<see cref="NodeProgram"/>), its <c>node.json</c> and the deployment's secret
    /// (readable by its user alone).</summary>
    private static void WriteNode(string directory, DeploymentPlan plan, string machine, string secret, string? program)
    {
        NodeProgram.Place(Path.Combine(directory, ControlPlan.ProcessName), program);
        File.WriteAllText(Path.Combine(directory, ControlPlan.ConfigFile), NodeConfigFile.Render(plan, machine));
        NodeSecret.WritePrivate(Path.Combine(directory, ControlPlan.SecretFile), secret + "\n");
    }

    /// <summary>
    /// Writes the agent's files into a directory (the script executable), as a machine's deployment directory holds
    /// them.
    /// </summary>
    public static void WriteAgent(string directory)
    {
        foreach (var file in AgentFiles)
        {
            var path = Path.Combine(directory, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Bytes);
        }
        File.SetUnixFileMode(Path.Combine(directory, AgentScript), FileModes.Program);
    }

    /// <summary>Stages a machine's files, by its name in the plan: the agent, and its blocks' modules (the listener,
    /// which runs no block, gets the agent alone).</summary>
    /// <param name="secret">The deployment's secret, which its nodes prove to each other
    /// (<see cref="NodeSecret"/>).</param>
    /// <param name="nodeProgram">The node's program to link to (<see cref="NodeProgram.Cached"/>); null: a
    /// copy.</param>
    public static void Write(string directory, DeploymentPlan plan, string machineName, string secret,
        string? nodeProgram = null)
    {
        var machine = plan.Machines.FirstOrDefault(m => m.Name == machineName);
        Directory.CreateDirectory(directory);
        WriteAgent(directory);
        WriteNode(directory, plan, machineName, secret, nodeProgram);
        File.WriteAllText(Path.Combine(directory, "agent.env"), $"JACK_DEFAULT_SERVER={plan.JackServer}\n");
        foreach (var module in machine?.Modules.Where(m => !m.Templated) ?? [])
        {
            CopyModule(module, Path.Combine(directory, "modules", module.Name));
        }
        // A templated module's files are rendered for each of its blocks on this machine, into that block's own
        // directory.
        var hostOf = plan.Placement.HostOf;
        foreach (var block in plan.Orchestra.Blocks
            .Where(b => b.Module.Templated && machine is not null && hostOf[b.Name] == machine.Name))
        {
            var rendered = Path.Combine(directory, ModuleTemplates.DirectoryOf(block));
            foreach (var (path, text) in ModuleTemplates.Render(plan.Orchestra, block, plan.PlaceOf))
            {
                var target = Path.Combine(rendered, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
            }
            foreach (var link in ModuleFiles.Walk(block.Module.Directory!)
                .Where(e => e.Kind == ModuleEntryKind.Link && Directory.Exists(e.Target)))
            {
                StageLink(block.Module, link, Path.Combine(rendered, link.RelativePath));
            }
        }
    }

    /// <summary>
    /// A module's files as they are, walked without following links; its links (inside it, as loading checked) stay
    /// links.
    /// </summary>
    private static void CopyModule(Module module, string target)
    {
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        foreach (var entry in ModuleFiles.Walk(module.Directory!))
        {
            var to = Path.Combine(target, entry.RelativePath);
            switch (entry.Kind)
            {
                case ModuleEntryKind.Directory: Directory.CreateDirectory(to); break;
                case ModuleEntryKind.File: File.Copy(Path.Combine(module.Directory!, entry.RelativePath), to); break;
                case ModuleEntryKind.Link: StageLink(module, entry, to); break;
            }
        }
    }

    /// <summary>
    /// A link of the module, made again as a relative link to the same file or directory, which is staged too. Checked
    /// once more here: a link changed since the orchestra was loaded must not carry a file from outside to a machine.
    /// </summary>
    private static void StageLink(Module module, ModuleEntry link, string at)
    {
        if (ModuleFiles.LinkProblem(module.Directory!, link) is { } problem)
            throw new InvalidOperationException($"module '{module.Name}': {problem}");
        var inModule = Path.GetRelativePath(ModuleFiles.RealPath(module.Directory!)!, link.Target!);
        var from = Path.GetDirectoryName(link.RelativePath) ?? "";
        Directory.CreateDirectory(Path.GetDirectoryName(at)!);
        File.CreateSymbolicLink(at, Path.GetRelativePath(Path.Combine("/", from), Path.Combine("/", inModule)));
    }
}
