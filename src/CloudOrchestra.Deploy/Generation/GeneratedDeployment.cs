using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deployment;

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
/// playbook. Renderers only; the plan decides everything.
/// </summary>
public static class GeneratedDeployment
{
    /// <summary>Where the generated ssh config keeps shared connections: short, private, made by lib.sh as it starts.</summary>
    private const string ControlPath = "~/.cache/cloudorchestra-ssh/%C";

    /// <summary>The files written, relative to <paramref name="directory"/>, scripts and playbooks first.</summary>
    public static IReadOnlyList<string> Write(DeploymentPlan plan, string directory, GenerateFormat format)
    {
        directory = Path.GetFullPath(directory);
        if (File.Exists(Path.Combine(directory, ".started")) || File.Exists(Path.Combine(directory, "listener", "run", "order")))
        {
            throw new InvalidOperationException($"{directory} holds a deployment that was started: run its teardown.sh (or ansible/down.yml) first");
        }
        foreach (var stale in new[] { "machines", "listener", "ansible" })
        {
            if (Directory.Exists(Path.Combine(directory, stale))) Directory.Delete(Path.Combine(directory, stale), recursive: true);
        }
        Directory.CreateDirectory(directory);
        var listener = Path.Combine(directory, "listener");
        var files = new Dictionary<string, string>();
        if (format.HasFlag(GenerateFormat.Bash)) foreach (var (name, text) in BashScripts.Render(plan)) files[name] = text;
        if (format.HasFlag(GenerateFormat.Ansible)) foreach (var (name, text) in AnsiblePlaybook.Render(plan, listener)) files[name] = text;
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            if (name.EndsWith(".sh", StringComparison.Ordinal) && name != "lib.sh")
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
        SshConfigWriter.Write(Path.Combine(directory, "ssh_config"), plan.Machines.Select(m => m.Host), ControlPath);
        foreach (var m in plan.Machines) DeploymentStage.Write(Path.Combine(directory, "machines", m.Name), plan, m);
        DeploymentStage.Write(listener, plan, null);
        return [.. files.Keys.Order(StringComparer.Ordinal), "ssh_config", "machines/", "listener/"];
    }
}
