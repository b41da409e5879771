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

    private OrchestraCli.Result Sh(string program, params string[] args) =>
        OrchestraCli.RunProgram(program, _state, _env, args);

    [RootFact]
    public void Cloud_up_makes_machines_reachable_over_ssh_and_down_removes_everything()
    {
        var hostsFile = Path.Combine(_state, "hosts.json");
        var userKnownHosts =
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
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
            var ssh = Sh("ssh", "-i", identity, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", $"UserKnownHostsFile={host.GetProperty("knownHosts").GetString()}",
                $"{user}@{address}", "echo $(whoami) $(hostname -I)");
            Assert.True(ssh.ExitCode == 0, ssh.ToString());
            Assert.Equal($"{user} {address}", ssh.Stdout.Trim());
        }
        Assert.Equal(knownHostsBefore, File.Exists(userKnownHosts) ? File.ReadAllText(userKnownHosts) : null);

        using var files = OrchestraFiles.Create();
        var validate = OrchestraCli.Run(files.Root, "validate", "orch", "--hosts", hostsFile);
        Assert.True(validate.ExitCode == 0, validate.ToString());

        var again = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "2", "--cores", "2", "--out", hostsFile);
        Assert.True(again.ExitCode == 0, again.ToString());
        // A bigger cloud grows the one that is up, which keeps its machines (another orchestra may be playing on them).
        var knownBefore = File.ReadAllLines(Path.Combine(_state, "cloud", "otest", "known_hosts"));
        var grown = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "3", "--out", hostsFile);
        Assert.True(grown.ExitCode == 0, grown.ToString());
        Assert.Contains("growing the local cloud from 2 to 3 machines", grown.Stdout);
        var knownAfter = File.ReadAllLines(Path.Combine(_state, "cloud", "otest", "known_hosts"));
        Assert.Equal(knownBefore, knownAfter[..2]);
        Assert.Equal(3, knownAfter.Length);
        var smaller = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "1", "--out", hostsFile);
        Assert.True(smaller.ExitCode == 0, smaller.ToString());
        Assert.Equal(["node1"], JsonDocument.Parse(File.ReadAllText(hostsFile)).RootElement.GetProperty("hosts")
            .EnumerateArray().Select(h => h.GetProperty("name").GetString()));
        Assert.Contains("otest-node3", Sh("ip", "netns", "list").Stdout);

        var down = OrchestraCli.Run(_state, _env, "cloud", "down");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.DoesNotContain("otest-node", Sh("ip", "netns", "list").Stdout);
        Assert.NotEqual(0, Sh("getent", "passwd", "otest-node1").ExitCode);
        Assert.NotEqual(0, Sh("ip", "link", "show", "otest0").ExitCode);
        Assert.NotEqual(0, Sh("pgrep", "-f", _state).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_state, "cloud", "otest")));
    }

    /// <summary>
    /// 400 UDP datagrams from node1 to the bridge: all arrive, then about half with 50% loss, then all again.
    /// </summary>
    [RootFact]
    public void Impair_drops_the_share_of_packets_it_is_told_to_and_clear_restores_the_network()
    {
        var up = OrchestraCli.Run(_state, _env, "cloud", "up", "--hosts", "1",
            "--out", Path.Combine(_state, "hosts.json"));
        Assert.True(up.ExitCode == 0, up.ToString());

        int Received(int count)
        {
            using var udp =
                new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.77.9.1"), 0));
            var port = ((System.Net.IPEndPoint)udp.Client.LocalEndPoint!).Port;
            // The first datagrams to a new neighbour wait for ARP, and a queue of them is dropped: count only once
            // one datagram has made it (with the impairment, it may take a few).
            udp.Client.ReceiveTimeout = 200;
            var through = false;
            for (var attempt = 0; attempt < 50 && !through; attempt++)
            {
                Sh("ip", "netns", "exec", "otest-node1", "bash", "-c", $"echo warm > /dev/udp/10.77.9.1/{port}");
                try
                {
                    System.Net.IPEndPoint? first = null;
                    udp.Receive(ref first);
                    through = true;
                }
                catch (System.Net.Sockets.SocketException) { }
            }
            Assert.True(through, "no datagram from node1 reached the bridge");
            while (udp.Available > 0) { System.Net.IPEndPoint? stale = null; udp.Receive(ref stale); }
            // Read while they are sent, and send them 50 at a time: a socket's receive buffer holds only about 256.
            udp.Client.ReceiveTimeout = 1000;    // after the last datagram, wait only for stragglers
            // A thread of its own, reading before the first is sent: a thread-pool task could start late on a busy
            // machine, and the buffer (about 256 datagrams) overflowed before it read (256 of 400 counted, once).
            var n = 0;
            using var reading = new ManualResetEventSlim();
            var counting = new Thread(() =>
            {
                reading.Set();
                try
                {
                    while (true)
                    {
                        System.Net.IPEndPoint? from = null;
                        udp.Receive(ref from);
                        n++;
                    }
                }
                catch (System.Net.Sockets.SocketException) { }
            });
            counting.Start();
            reading.Wait();
            var send = Sh("ip", "netns", "exec", "otest-node1", "bash", "-c",
                $"for i in $(seq {count}); do echo $i > /dev/udp/10.77.9.1/{port}; (( i % 50 )) || sleep 0.05; done");
            Assert.True(send.ExitCode == 0, send.ToString());
            counting.Join();
            return n;
        }

        Assert.Equal(400, Received(400));

        var impair = OrchestraCli.Run(_state, _env, "cloud", "impair", "node1", "--loss", "50");
        Assert.True(impair.ExitCode == 0, impair.ToString());
        Assert.InRange(Received(400), 130, 270);                 // binomial: mean 200, standard deviation 10

        var clear = OrchestraCli.Run(_state, _env, "cloud", "impair", "node1", "--clear");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Equal(400, Received(400));

        var delay = OrchestraCli.Run(_state, _env, "cloud", "impair", "node1", "--delay", "20");
        if (delay.ExitCode != 0)
            Assert.Contains("no netem queueing discipline (sch_netem), so nothing here can delay packets",
                delay.Stderr);
    }

    [Fact]
    public void Impair_names_the_machines_it_knows()
    {
        var result = OrchestraCli.Run(_state, _env, "cloud", "impair", "node7", "--delay", "20");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("orchestra: error: 'node7' is not a machine of the local cloud (none is up)\n", result.Stderr);
    }
}
