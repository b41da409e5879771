using System.Diagnostics;
using System.Text.Json;
using CloudOrchestra.Deployment;
using CloudOrchestra.Testing;
using Xunit.Abstractions;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// An unlucky evening, end to end on a local cloud: 'up' killed at any moment, a machine's sshd gone mid-up, a full
/// disk here, the local cloud replaced under a playing orchestra, two orchestras of one name, two 'up's at once, a
/// cloud too small. After each, 'down' exits 0 and leaves nothing running, and the next 'up' works, with no hand in the
/// state directory; and nothing says it stopped what it did not.
/// </summary>
[Collection("cli")]
public sealed class FaultTests(LocalCloudFixture fixture, ITestOutputHelper output)
    : EndToEndTests(fixture, output), IClassFixture<LocalCloudFixture>
{
    private string DeploymentDirectory(string dir) =>
        Path.Combine(Cloud.State, "deployments", DeploymentPlanner.IdOf(Path.Combine(Root, dir)));

    /// <summary>An orchestra of one block, <c>slow</c>, pinned to <paramref name="machine"/>: its synth registers its
    /// port only once a file 'go' appears in its directory there, which holds 'up' in its synth step for as long as a
    /// test needs.</summary>
    private void WriteSlowOrchestra(string dir, string machine)
    {
        Orchestra("init", dir);
        File.WriteAllText(Path.Combine(Root, dir, "synthdef.json"),
            "{\"blocks\": {\"slow\": {\"module\": \"slow\", \"host\": \"" + machine + "\"}}}");
        Directory.CreateDirectory(Path.Combine(Root, dir, "slow"));
        File.WriteAllText(Path.Combine(Root, dir, "slow", "manifest.json"), """
            {"synth": "command",
             "command": ["sh", "-c", "while [ ! -e go ]; do sleep 0.02; done; exec jack_metro -n {block} -b 60 -f 660"],
             "ports": {"outputs": ["{block}:60_bpm"]}}
            """);
    }

    /// <summary>Where the slow block's synth looks for 'go', on its machine.</summary>
    private string SlowDirectory(string dir, int node) =>
        $"/home/{LocalCloudFixture.User(node)}/.cloudorchestra/"
        + $"{DeploymentPlanner.IdOf(Path.Combine(Root, dir))}/modules/slow";

    private static void Until(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {seconds} s");
            Thread.Sleep(10);
        }
    }

    /// <summary>The CLI started, not waited for: a test acts while it runs.</summary>
    private Process Start(params string[] args) => Start(Cloud.Environment, args);

    private Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(OrchestraCli.RepositoryRoot, "orchestra"))
            { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    private void HeardAndDown(string dir)
    {
        var (hz, dbfs) = Listen(dir);
        Assert.InRange(hz, 437, 443);
        Assert.InRange(dbfs, -25, -15);
        var down = Orchestra("down", dir);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Cloud.LeftoverProcesses(dir));
    }

    /// <summary>
    /// Killed (SIGKILL, with everything it runs here) as it syncs, once a machine's jackd runs, and among the synths:
    /// 'down' then stops what it had started, and the next 'up' deploys the orchestra whole.
    /// </summary>
    [RootTheory]
    [InlineData("syncing", 0)]
    [InlineData("jackd", 1)]
    [InlineData("synths", 5)]
    public void Up_killed_at_any_moment_is_stopped_by_down_and_the_next_up_works(string moment,
        int records) => WithLogs(() =>
    {
        var dir = $"killed-{moment}";
        Orchestra("init", dir);
        var state = Path.Combine(DeploymentDirectory(dir), "deployment.json");
        var record = Path.Combine(DeploymentDirectory(dir), "run.jsonl");
        Deployed(dir);

        using (var up = Start("up", dir))
        {
            Until(() => File.Exists(state)
                && (records == 0 || (File.Exists(record) && File.ReadAllLines(record).Length >= records))
                || up.HasExited, "the moment");
            Assert.False(up.HasExited, "up finished before it could be killed there");
            up.Kill(entireProcessTree: true);
            up.WaitForExit();
        }

        var down = Orchestra("down", dir);

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Cloud.LeftoverProcesses(dir));
        var again = Orchestra("up", dir);
        Assert.True(again.ExitCode == 0, again.ToString());
        HeardAndDown(dir);
    });

    /// <summary>
    /// node2's sshd goes (every sshd process of it killed) while 'up' waits for its synth: 'up' fails, says that
    /// node2's processes may still run, and not that everything was stopped. Once the sshd is back, 'down' stops them.
    /// </summary>
    [RootFact]
    public void An_sshd_outage_mid_up_is_told_truly_and_down_finishes_the_job_once_the_machine_is_back() =>
        WithLogs(() =>
    {
        WriteSlowOrchestra("outage", "node2");
        var record = Path.Combine(DeploymentDirectory("outage"), "run.jsonl");
        Deployed("outage");   // then node2 answers again, or the next test's cloud does not
        OrchestraCli.Result up;
        using (var running = Start("up", "outage", "--hosts", Cloud.HostsFile))
        {
            Until(() => Run("pgrep", "-u", LocalCloudFixture.User(2), "-f", "while \\[ ! -e go").ExitCode == 0
                || running.HasExited, "the slow synth waits");
            var sshd = Run("ip", "netns", "pids", $"{LocalCloudFixture.Prefix}-node2").Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(pid => File.Exists($"/proc/{pid}/comm")
                    && File.ReadAllText($"/proc/{pid}/comm").Trim() == "sshd").ToArray();
            Assert.NotEmpty(sshd);
            Run("kill", ["-KILL", .. sshd]);
            var stdout = running.StandardOutput.ReadToEndAsync();
            var stderr = running.StandardError.ReadToEnd();
            running.WaitForExit();
            up = new OrchestraCli.Result(running.ExitCode, stdout.Result, stderr);
        }

        Assert.True(up.ExitCode == 1, up.ToString());
        Assert.Contains("node2", up.Stderr);
        Assert.Contains("could not stop everything that was started:\n"
            + "node2: could not stop what runs there: unreachable", up.Stderr);
        Assert.DoesNotContain("everything that was started has been stopped", up.Stderr);
        Assert.NotEmpty(Cloud.LeftoverProcesses("outage"));   // node2's jackd: the message was true
        Assert.True(File.Exists(record));

        var unreachable = Orchestra("down", "outage");
        Assert.True(unreachable.ExitCode == 1, unreachable.ToString());
        Assert.Contains("node2: could not stop what runs there: unreachable", unreachable.Stderr);
        var back = Orchestra("cloud", "up", "--hosts", $"{LocalCloudFixture.Machines}",
            "--out", Path.Combine(Root, "hosts.json"));
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Contains("node2: its sshd does not answer; starting it again", back.Stdout);
        var down = Orchestra("down", "outage");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Cloud.LeftoverProcesses("outage"));
        Orchestra("init", "after");
        Assert.Equal(0, Up("after").ExitCode);
        HeardAndDown("after");
    });

    /// <summary>
    /// The state directory on a disk that fills: full before 'up' (nothing starts), and full while 'up' waits for a
    /// synth (it fails when it records that it is up, and stops everything). 'down' works on the full disk; 'up' once
    /// there is room.
    /// </summary>
    [RootFact]
    public void A_full_state_disk_stops_up_cleanly_and_down_works_on_it() => WithLogs(() =>
    {
        var disk = Directory.CreateDirectory(Path.Combine(Root, "disk")).FullName;
        // Room for the node's program (3.4 MB, kept once in the state directory) and a deployment's files.
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "size=8m,nr_inodes=2000", "tmpfs", disk).ExitCode);
        try
        {
            var environment = new Dictionary<string, string>(Cloud.Environment) { ["ORCHESTRA_STATE_DIR"] = disk };
            OrchestraCli.Result Orchestra(params string[] args) => OrchestraCli.Run(Root, environment, args);
            var hosts = Cloud.HostsFileWith("node1", _ => { });   // the cloud's machines, its keys where they are
            var fill = Path.Combine(disk, "fill");
            // Full of data; with inodes too, also of files: pages that something frees later (an agent truncating its
            // reply files, on the listener whose directory is here too) then leave no room for a new file, such as the
            // state's next version.
            var files = Path.Combine(disk, "files");
            void Fill(bool inodes = false)
            {
                Run("dd", "if=/dev/zero", $"of={fill}", "bs=64k");
                Directory.CreateDirectory(files);
                try
                {
                    for (var i = 0; inodes; i++) File.Create(Path.Combine(files, $"{i}")).Dispose();
                }
                catch (IOException)
                {
                    // no inode left
                }
            }
            void Unfill()
            {
                File.Delete(fill);
                Directory.Delete(files, recursive: true);
            }
            WriteSlowOrchestra("full", "node2");

            Fill();
            var refused = Orchestra("up", "full", "--hosts", hosts);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("No space left on device", refused.Stderr);
            Assert.Empty(Cloud.LeftoverProcesses("full"));
            var downRefused = Orchestra("down", "full");
            Assert.True(downRefused.ExitCode == 0, downRefused.ToString());

            Unfill();
            OrchestraCli.Result up;
            using (var running = Start(environment, "up", "full", "--hosts", hosts))
            {
                var stdout = running.StandardOutput.ReadToEndAsync();
                var stderr = running.StandardError.ReadToEndAsync();
                Until(() => Directory.Exists(SlowDirectory("full", 2))
                    && Run("pgrep", "-u", LocalCloudFixture.User(2), "-f", "while \\[ ! -e go").ExitCode == 0
                    || running.HasExited, "the slow synth waits");
                Fill(inodes: true);
                File.WriteAllText(Path.Combine(SlowDirectory("full", 2), "go"), "");
                running.WaitForExit();
                up = new OrchestraCli.Result(running.ExitCode, stdout.Result, stderr.Result);
            }
            Assert.True(up.ExitCode == 1, up.ToString());
            Assert.Contains("No space left on device", up.Stderr);
            Assert.Contains("everything that was started has been stopped", up.Stderr);
            Assert.Empty(Cloud.LeftoverProcesses("full"));

            var down = Orchestra("down", "full");
            Assert.True(down.ExitCode == 0, down.ToString());
            Unfill();
            Orchestra("init", "roomy");
            var roomy = Orchestra("up", "roomy", "--hosts", hosts);
            Assert.True(roomy.ExitCode == 0, roomy.ToString());
            Fill();
            var downFull = Orchestra("down", "roomy");
            Assert.True(downFull.ExitCode == 0, downFull.ToString());
            Assert.Empty(Cloud.LeftoverProcesses("roomy"));
        }
        finally
        {
            Run("umount", "-l", disk);
        }
    });

    /// <summary>
    /// The local cloud removed and made again under a playing orchestra (its machines and their processes gone with
    /// it): 'down' knows they went, stops what it started on the listener, and the next 'up' plays on the new cloud.
    /// </summary>
    [RootFact]
    public void Down_after_the_local_cloud_was_replaced_stops_the_listener_and_the_next_up_works() => WithLogs(() =>
    {
        Orchestra("init", "replaced");
        Assert.Equal(0, Up("replaced").ExitCode);
        Assert.Equal(0, Orchestra("cloud", "down").ExitCode);
        Assert.Equal(0,
            Orchestra("cloud", "up", "--hosts", $"{LocalCloudFixture.Machines}", "--out", Cloud.HostsFile).ExitCode);
        Assert.NotEmpty(Cloud.LeftoverProcesses("replaced"));   // the listener's jackd and links

        var down = Orchestra("down", "replaced");

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains("node1: gone with its local cloud", down.Stdout);
        Assert.Empty(Cloud.LeftoverProcesses("replaced"));
        Assert.Equal(0, Orchestra("up", "replaced").ExitCode);
        HeardAndDown("replaced");
    });

    /// <summary>
    /// Two orchestras named 'same' in different places: each is its own deployment, seen, and torn down, alone.
    /// </summary>
    [RootFact]
    public void Two_orchestras_of_one_name_in_different_places_are_two_deployments() => WithLogs(() =>
    {
        Directory.CreateDirectory(Path.Combine(Root, "a"));
        Directory.CreateDirectory(Path.Combine(Root, "b"));
        Orchestra("init", "a/same");
        File.WriteAllText(Path.Combine(Root, "a", "same", "synthdef.json"), """
            {"blocks": {"fm": {"module": "fm", "host": "node1"}, "lp": {"module": "lp", "host": "node1"}},
             "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}]}
            """);
        WriteSlowOrchestra("b/same", "node3");
        File.WriteAllText(Path.Combine(SlowReady("b/same")), "");
        Assert.Equal(0, Up("a/same").ExitCode);

        var b = Up("b/same");

        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.DoesNotContain("already up", b.Stderr);
        var statusOfB = Orchestra("status", "b/same", "--json");
        Assert.True(statusOfB.ExitCode == 0, statusOfB.ToString());   // its listener runs a node and no JACK
        var status = JsonDocument.Parse(statusOfB.Stdout).RootElement;
        Assert.Equal(["node3", "(listener)"],
            status.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(0, Orchestra("down", "b/same").ExitCode);
        Assert.Equal(0, Orchestra("status", "a/same").ExitCode);
        HeardAndDown("a/same");
    });

    /// <summary>
    /// The slow module's 'go' file in the orchestra itself: synced with it, so that its synth starts at once.
    /// </summary>
    private string SlowReady(string dir) => Path.Combine(Root, dir, "slow", "go");

    /// <summary>
    /// Two 'up's of one orchestra at once: one deploys it, the other waits for nothing and says why; then one 'down'
    /// stops it all.
    /// </summary>
    [RootFact]
    public void Two_ups_of_one_orchestra_at_once_deploy_it_once() => WithLogs(() =>
    {
        Orchestra("init", "twice");
        Deployed("twice");
        using var first = Start("up", "twice");
        using var second = Start("up", "twice");
        var outcomes = new[] { first, second }.Select(p =>
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return new OrchestraCli.Result(p.ExitCode, stdout.Result, stderr);
        }).ToList();

        Assert.Contains(outcomes, o => o.ExitCode == 0 && o.Stdout.Contains("Up and wired"));
        Assert.All(outcomes.Where(o => !o.Stdout.Contains("Up and wired")), o => Assert.True(
            (o.ExitCode == 1
                && o.Stderr.Contains("another 'orchestra up' or 'down' of twice is running: wait for it to end"))
            || (o.ExitCode == 0 && o.Stderr.Contains("twice is already up")), o.ToString()));
        Assert.Equal(0, Orchestra("status", "twice").ExitCode);
        HeardAndDown("twice");
    });

    /// <summary>
    /// An orchestra whose hosts file describes a local cloud of 4 machines, while the cloud has 3 and plays another
    /// one: the cloud grows by one machine, and the orchestra playing on it plays on.
    /// </summary>
    [RootFact]
    public void A_local_cloud_too_small_for_an_orchestra_grows_under_the_one_that_plays() => WithLogs(() =>
    {
        Orchestra("init", "playing");
        Assert.Equal(0, Up("playing").ExitCode);
        WriteSlowOrchestra("bigger", "node4");
        File.WriteAllText(SlowReady("bigger"), "");
        File.WriteAllText(Path.Combine(Root, "bigger", "hosts.json"), $$"""
            {"cloud": "local", "hosts": [{{string.Join(", ", Enumerable.Range(1, 4).Select(i =>
                $$"""{"name": "node{{i}}", "host": "10.77.8.{{10 + i}}","""
                + $$""" "username": "{{LocalCloudFixture.User(i)}}", "cores": 1}"""))}}]}
            """);

        var bigger = Up("bigger");

        Assert.True(bigger.ExitCode == 0, bigger.ToString());
        Assert.Contains("growing the local cloud from 3 to 4 machines", bigger.Stdout);
        Assert.Equal(0, Orchestra("status", "playing").ExitCode);
        Assert.Equal(0, Orchestra("down", "bigger").ExitCode);
        HeardAndDown("playing");
    });
}
