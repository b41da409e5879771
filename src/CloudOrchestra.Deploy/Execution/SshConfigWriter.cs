using System.Text;
using CloudOrchestra.Model;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// One ssh configuration per deployment: a Host entry per machine with its address, user, key and known
/// hosts, strict host key checking, and connection sharing so that the many short calls of a deployment
/// reuse one connection per machine. Names were validated on load; paths are quoted.
/// </summary>
public static class SshConfigWriter
{
    /// <param name="controlPath">Where ssh keeps its shared connections; by default in <see cref="DeploymentFiles.ControlDirectory"/>,
    /// which this makes. Generated scripts pass their own (they make its directory as they start).</param>
    public static void Write(string path, IEnumerable<Host> hosts, string? controlPath = null)
    {
        if (controlPath is null)
        {
            Directory.CreateDirectory(DeploymentFiles.ControlDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            controlPath = $"{DeploymentFiles.ControlDirectory}/%C";
        }
        var text = new StringBuilder();
        foreach (var h in hosts)
        {
            text.AppendLine($"Host {h.Name}");
            text.AppendLine($"  HostName {h.Address}");
            text.AppendLine($"  User {h.User}");
            text.AppendLine($"  Port {h.SshPort}");
            if (h.IdentityFile is not null)
            {
                text.AppendLine($"  IdentityFile \"{h.IdentityFile}\"");
                text.AppendLine("  IdentitiesOnly yes");
            }
            if (h.KnownHostsFile is not null) text.AppendLine($"  UserKnownHostsFile \"{h.KnownHostsFile}\"");
        }
        text.AppendLine("Host *");
        text.AppendLine("  StrictHostKeyChecking yes");
        text.AppendLine("  BatchMode yes");
        text.AppendLine("  ConnectTimeout 5");
        text.AppendLine("  ServerAliveInterval 5");
        text.AppendLine("  ControlMaster auto");
        text.AppendLine($"  ControlPath \"{controlPath}\"");
        text.AppendLine("  ControlPersist 60");
        text.AppendLine("  LogLevel ERROR");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }
}
