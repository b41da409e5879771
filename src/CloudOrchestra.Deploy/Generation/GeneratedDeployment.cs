using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deployment;
using CloudOrchestra.Model;

namespace CloudOrchestra.Deploy.Generation;

/// <summary>Which renderings of the plan to write.</summary>
[Flags]
public enum GenerateFormat
{
    Bash = 1,
    Ansible = 2,
    Both = Bash | Ansible,
}

/// <summary>
/// Writes a deployment that runs without the tool: every machine's staged files (<c>machines/NAME</c>, the
/// listener's in <c>listener/</c>), an ssh config, and the plan rendered as bash scripts and as an Ansible
/// playbook. Renderers only; the plan decides everything, and each machine's reach how it is reached.
/// </summary>
public static class GeneratedDeployment
{
    /// <summary>
    /// The listener's deployment directory, beside the generated files: its sync makes it, its teardown removes it.
    /// </summary>
    internal const string ListenerDirectory = ".listener";

    /// <summary>Where a machine's files are staged, relative to the generated deployment's directory.</summary>
    internal static string StagedOf(string machine) =>
        DeploymentPlan.RoleOf(machine) == MachineRole.Listener ? "listener" : $"machines/{machine}";

    /// <summary>
    /// Where the generated ssh config keeps shared connections: short, private, made by lib.sh as it starts.
    /// </summary>
    private const string ControlDirectory = "~/.cache/cloudorchestra-ssh";

    /// <summary>
    /// A machine's share of a step as a generated script sends it. Scripts cannot take an answer back into the steps
    /// after it, so their machines reserve exactly the ports the plan names, or fail saying which one is taken.
    /// </summary>
    internal static IReadOnlyList<string> ArgsOf(MachineBatch batch) =>
        AgentWords.Of([.. batch.AgentCalls.Select(c => c is ReservePorts r ? r with { Exact = true } : c)]);

    /// <summary>The files written, relative to <paramref name="directory"/>, scripts and playbooks first.</summary>
    /// <exception cref="ArgumentException">The directory's path cannot be carried safely by what is written (bad
    /// input).</exception>
    /// <exception cref="InvalidOperationException">The directory holds a deployment that was started.</exception>
    public static IReadOnlyList<string> Write(DeploymentPlan plan, string directory, GenerateFormat format)
    {
        directory = Path.GetFullPath(directory);
        if (PathProblem(directory, format) is { } problem)
            throw new ArgumentException($"'{Names.Printable(directory)}': {problem}");
        if (File.Exists(Path.Combine(directory, ".started"))
            || File.Exists(Path.Combine(directory, ListenerDirectory, "run", "order")))
        {
            throw new InvalidOperationException(
                $"{directory} holds a deployment that was started: run its teardown.sh (or ansible/down.yml) first");
        }
        foreach (var stale in new[] { "machines", "listener", ListenerDirectory, "ansible" })
        {
            if (Directory.Exists(Path.Combine(directory, stale)))
                Directory.Delete(Path.Combine(directory, stale), recursive: true);
        }
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, string>();
        if (format.HasFlag(GenerateFormat.Bash))
            foreach (var (name, text) in BashScripts.Render(plan)) files[name] = text;
        if (format.HasFlag(GenerateFormat.Ansible))
            foreach (var (name, text) in AnsiblePlaybook.Render(plan, Path.Combine(directory, ListenerDirectory)))
                files[name] = text;
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            if (name.EndsWith(".sh", StringComparison.Ordinal) && name != "lib.sh")
                File.SetUnixFileMode(path, FileModes.Program);
        }
        SshConfigWriter.Write(Path.Combine(directory, "ssh_config"), plan.Machines.Select(m => m.Host),
            ControlDirectory);
        // each generation its own: keep the generated directory as private as an ssh key
        var secret = NodeSecret.New();
        foreach (var machine in plan.AllMachines)
        {
            DeploymentStage.Write(Path.Combine(directory, StagedOf(machine)), plan, machine, secret);
        }
        return [.. files.Keys.Order(StringComparer.Ordinal), "ssh_config", "machines/",
            .. plan.AllMachines.Where(m => DeploymentPlan.RoleOf(m) == MachineRole.Listener)
                .Select(m => StagedOf(m) + "/")];
    }

    /// <summary>
    /// Why the path cannot hold a generated deployment, or null. Ansible reads the paths of its inventory and playbook
    /// as templates (a directory named with "{{ lookup('pipe', ...) }}" runs the command), and no quoting stops it; a
    /// line break would split ssh's arguments and the inventory's lines.
    /// </summary>
    private static string? PathProblem(string directory, GenerateFormat format)
    {
        if (directory.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
            return "a generated deployment's path must not hold a control character (such as a newline)";
        if (format.HasFlag(GenerateFormat.Ansible)
            && new[] { "{{", "{%", "{#" }.FirstOrDefault(directory.Contains) is { } marker)
        {
            return $"Ansible would read '{marker}' in the path as a template and run what it says: "
                + $"generate into another directory (--out), or --format bash";
        }
        return null;
    }
}
