using System.Text.Json;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// The local cloud for real: namespaces, users and sshd, reached over ssh with keys that stay in the
/// tool's state directory. Uses its own prefix, subnet and state directory, never the musician's cloud.
/// </summary>
[Collection("cli")]
public sealed class CloudCommandTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("orchestra-state-").FullName;
    private readonly Dictionary<string, string> _env;

    public CloudCommandTests()
    {
        _env = new()
        {
            ["ORCHESTRA_STATE_DIR"] = _state,
            ["ORCHESTRA_CLOUD_PREFIX"] = "otest",
            ["ORCHESTRA_CLOUD_SUBNET"] = "10.77.9",
        };
    }

    public void Dispose()
    {
        if (Environment.IsPrivilegedProcess) OrchestraCli.Run(_state, _env, "cloud", "down");
        Directory.Delete(_state, true);
    }

    private OrchestraCli.Result Sh(string program, params string[] args) => OrchestraCli.RunProgram(program, _state, _env, args);

    [RootFact]
    public void Cloud_up_makes_machines_reachable_over_ssh_and_down_removes_everything()
    {
        var hostsFile = Path.Combine(_state, "hosts.json");
        var userKnownHosts = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
        var knownHostsBefore = File.Exists(userKnownHosts) ? File.ReadAllText(userKnownHosts) : null;

        var up = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "2", "--cores", "2", "--out", hostsFile);

        Assert.True(up.ExitCode == 0, up.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(hostsFile));
        var hosts = json.RootElement.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(["node1", "node2"], hosts.Select(h => h.GetProperty("name").GetString()));
        foreach (var host in hosts)
        {
            var user = host.GetProperty("username").GetString()!;
            var address = host.GetProperty("host").GetString()!;
            var identity = host.GetProperty("identity").GetString()!;
            Assert.StartsWith(_state, identity);
            var ssh = Sh("ssh", "-i", identity, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", $"UserKnownHostsFile={host.GetProperty("knownHosts").GetString()}", $"{user}@{address}", "echo $(whoami) $(hostname -I)");
            Assert.True(ssh.ExitCode == 0, ssh.ToString());
            Assert.Equal($"{user} {address}", ssh.Stdout.Trim());
        }
        Assert.Equal(knownHostsBefore, File.Exists(userKnownHosts) ? File.ReadAllText(userKnownHosts) : null);

        using var files = OrchestraFiles.Create();
        var validate = OrchestraCli.Run(files.Root, "validate", "orch", "--hosts", hostsFile);
        Assert.True(validate.ExitCode == 0, validate.ToString());

        var again = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "2", "--cores", "2", "--out", hostsFile);
        Assert.True(again.ExitCode == 0, again.ToString());
        var resize = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "3", "--out", hostsFile);
        Assert.Equal(1, resize.ExitCode);
        Assert.Contains("a local cloud of 2 machines with 2 cores is already up; run 'orchestra cloud down' first", resize.Stderr);

        var down = OrchestraCli.Run(_state, _env, "cloud", "down");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.DoesNotContain("otest-node", Sh("ip", "netns", "list").Stdout);
        Assert.NotEqual(0, Sh("getent", "passwd", "otest-node1").ExitCode);
        Assert.NotEqual(0, Sh("ip", "link", "show", "otest0").ExitCode);
        Assert.NotEqual(0, Sh("pgrep", "-f", _state).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_state, "cloud", "otest")));
    }

    [Fact]
    public void Impair_names_the_machines_it_knows()
    {
        var result = OrchestraCli.Run(_state, _env, "cloud", "impair", "node7", "--delay", "20");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("orchestra: error: 'node7' is not a machine of the local cloud (none is up)\n", result.Stderr);
    }
}
