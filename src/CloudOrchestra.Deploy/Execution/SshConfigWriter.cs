using System.Text;
using CloudOrchestra.Model;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// One ssh configuration per deployment: a Host entry per machine with its address, user, key and known
/// hosts, strict host key checking, and connection sharing so that the many short calls of a deployment
/// reuse one connection per machine. Names were validated on load; every path and address is written as ssh reads
/// it back literally (<see cref="Literal"/>).
/// </summary>
public static class SshConfigWriter
{
    /// <param name="controlDirectory">Where ssh keeps its shared connections: by default
    /// <see cref="DeploymentFiles.ControlDirectory"/>, which this makes, private. Generated scripts pass their own
    /// (they make it as they start).</param>
    public static void Write(string path, IEnumerable<Host> hosts, string? controlDirectory = null)
    {
        controlDirectory ??= PrivateDirectory.Ensure(DeploymentFiles.ControlDirectory);
        var text = new StringBuilder();
        foreach (var h in hosts)
        {
            text.AppendLine($"Host {h.Name}");
            // an IPv6 scope (fe80::1%eth0); ssh reads %h as a token
            text.AppendLine($"  HostName {h.Address.Replace("%", "%%")}");
            text.AppendLine($"  User {h.User}");
            text.AppendLine($"  Port {h.SshPort}");
            if (h.IdentityFile is not null)
            {
                text.AppendLine($"  IdentityFile {Literal(h.IdentityFile)}");
                text.AppendLine("  IdentitiesOnly yes");
            }
            if (h.KnownHostsFile is not null) text.AppendLine($"  UserKnownHostsFile {Literal(h.KnownHostsFile)}");
        }
        text.AppendLine("Host *");
        text.AppendLine("  StrictHostKeyChecking yes");
        text.AppendLine("  BatchMode yes");
        text.AppendLine("  ConnectTimeout 5");
        text.AppendLine("  ServerAliveInterval 5");
        text.AppendLine("  ControlMaster auto");
        text.AppendLine($"  ControlPath {Literal(controlDirectory)[..^1]}/%C\"");   // %C: a hash of the connection
        text.AppendLine("  ControlPersist 60");
        text.AppendLine("  LogLevel ERROR");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// A path as one ssh_config argument that ssh reads back exactly: in double quotes, with '\' and '"' escaped by a
    /// backslash and '%' doubled (ssh expands %h, %u... in paths). A line ends a setting, so no escape can carry a
    /// newline or any other control character: the loader refuses those in the files, and this refuses them anywhere
    /// else.
    /// </summary>
    public static string Literal(string path)
    {
        if (Model.Names.HasControlCharacter(path))
        {
            throw new ArgumentException(
                $"the path '{Model.Names.Printable(path)}' holds a control character, "
                    + "which ssh's configuration cannot hold",
                nameof(path));
        }
        return "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("%", "%%") + "\"";
    }
}
