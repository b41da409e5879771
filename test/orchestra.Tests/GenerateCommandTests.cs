using System.Text;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// <c>orchestra generate</c>: what it writes for the example orchestras (approved files), that the scripts pass
/// shellcheck and the playbooks Ansible's syntax check, and that no value from the files can run as a command.
/// </summary>
[Collection("cli")]
public sealed class GenerateCommandTests : IDisposable
{
    private static readonly string Approved =
        Path.Combine(OrchestraCli.RepositoryRoot, "test", "orchestra.Tests", "Approved");
    private readonly string _root = Directory.CreateTempSubdirectory("orchestra-generate-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private OrchestraCli.Result Orchestra(params string[] args) => OrchestraCli.Run(_root, args);

    /// <summary>
    /// Copies an example into the scratch directory and generates its deployment for the approved hosts file.
    /// </summary>
    private string Generate(string example, string format = "both")
    {
        var dir = Path.Combine(_root, example);
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", example), dir);
        var generate = Orchestra("generate", example, "--hosts", Path.Combine(Approved, "hosts.json"),
            "--format", format);
        Assert.True(generate.ExitCode == 0, generate.ToString());
        return Path.Combine(dir, "gen");
    }

    [Theory]
    [InlineData("fm-lp")]
    public void Generated_files_match_the_approved_ones(string example)
    {
        var gen = Generate(example);

        // Every generated text file, in one document; this run's scratch directory, the repository's path and the hash
        // of the orchestra's path in the deployment's identity do not count.
        var id = CloudOrchestra.Deployment.DeploymentPlanner.IdOf(Path.Combine(_root, example));
        var received = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(gen, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}machines{Path.DirectorySeparatorChar}")
                         && !f.Contains($"{Path.DirectorySeparatorChar}listener{Path.DirectorySeparatorChar}"))
                     .Order(StringComparer.Ordinal))
        {
            received.Append("==> ").Append(Path.GetRelativePath(gen, file)).Append(" <==\n");
            received.Append(File.ReadAllText(file).Replace(_root, "<ROOT>")
                .Replace(OrchestraCli.RepositoryRoot, "<REPOSITORY>").Replace(id, $"{example}-<HASH>")).Append('\n');
        }
        var approvedFile = Path.Combine(Approved, $"{example}.approved.txt");
        var receivedFile = Path.Combine(Approved, $"{example}.received.txt");
        if (File.Exists(approvedFile) && File.ReadAllText(approvedFile) == received.ToString())
        {
            File.Delete(receivedFile);
            return;
        }
        File.WriteAllText(receivedFile, received.ToString());
        Assert.Fail($"the generated deployment differs from {approvedFile}: compare {receivedFile}, "
            + $"and if it is right, make it the approved file");
    }

    /// <summary>
    /// generate writes files; it makes no machines. For a local cloud that is not up it says how to make one (the
    /// machines' key and known hosts exist only then), and writes nothing.
    /// </summary>
    [Fact]
    public void Generate_for_a_local_cloud_that_is_not_up_says_how_to_make_it_and_makes_none()
    {
        var state = Path.Combine(_root, "state");
        var environment = new Dictionary<string, string>
        {
            ["ORCHESTRA_STATE_DIR"] = state,
            ["ORCHESTRA_CLOUD_PREFIX"] = "ogen",
            ["ORCHESTRA_CLOUD_SUBNET"] = "10.77.9",
        };
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "fm-lp"),
            Path.Combine(_root, "fm-lp"));

        var generate = OrchestraCli.Run(_root, environment, "generate", "fm-lp", "--format", "bash");

        Assert.True(generate.ExitCode == 1, generate.ToString());
        Assert.Contains(
            "the local cloud of 3 machines is not up: 'orchestra cloud up --hosts 3 --cores 1 --out FILE' makes it",
            generate.Stderr);
        Assert.False(File.Exists(Path.Combine(state, "cloud", "ogen", "cloud.json")));
        Assert.DoesNotContain("ogen-", OrchestraCli.RunProgram("ip", _root, environment, "netns", "list").Stdout);
        Assert.DoesNotContain("ogen-", File.ReadAllText("/etc/passwd"));
        Assert.False(Directory.Exists(Path.Combine(_root, "fm-lp", "gen")));
    }

    [Fact]
    public void Generated_machines_hold_the_agent_and_exactly_their_blocks_modules()
    {
        var gen = Generate("fm-lp");

        var staged = Directory.GetDirectories(Path.Combine(gen, "machines")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["rack", "studio"], staged);
        foreach (var machine in staged)
        {
            Assert.True(File.Exists(Path.Combine(gen, "machines", machine!, "orchestra-agent")));
            Assert.True(File.Exists(Path.Combine(gen, "machines", machine!, "lib", "process.bash")));
            Assert.NotEmpty(Directory.GetDirectories(Path.Combine(gen, "machines", machine!, "modules")));
        }
        Assert.True(File.Exists(Path.Combine(gen, "listener", "orchestra-agent")));
        Assert.True(File.Exists(Path.Combine(gen, "listener", "lib", "process.bash")));
    }

    [Fact]
    public void Generated_scripts_pass_shellcheck()
    {
        var gen = Generate("fm-lp", "bash");

        var check = OrchestraCli.RunProgram("shellcheck", gen, new Dictionary<string, string>(),
            ["-x", "lib.sh", "run.sh", "teardown.sh", "status.sh", "listen.sh"]);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.False(Directory.Exists(Path.Combine(gen, "ansible")));
    }

    [Fact]
    public void Generated_playbooks_pass_ansibles_syntax_check()
    {
        var gen = Generate("fm-lp", "ansible");

        foreach (var playbook in new[] { "up.yml", "down.yml" })
        {
            var check = OrchestraCli.RunProgram("ansible-playbook", gen, new Dictionary<string, string>(),
                ["-i", "ansible/inventory.ini", "--syntax-check", $"ansible/{playbook}"]);
            Assert.True(check.ExitCode == 0, check.ToString());
        }
        Assert.False(File.Exists(Path.Combine(gen, "run.sh")));
    }

    /// <summary>
    /// A module's main file named to break out of quoting: run.sh's synth line, through lib.sh and a stand-in for
    /// ssh that hands the command to sh as sshd would, reaches the agent as the same words, and runs nothing.
    /// </summary>
    [Fact]
    public void A_value_from_the_files_reaches_the_agent_as_the_same_word_and_runs_nothing()
    {
        const string Hostile = "it's $(touch pwned) `touch pwned` -x;touch pwned.csd";
        var dir = Path.Combine(_root, "fm-lp");
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "fm-lp"), dir);
        File.Move(Path.Combine(dir, "fm", "fm.csd"), Path.Combine(dir, "fm", Hostile));
        File.WriteAllText(Path.Combine(dir, "fm", "manifest.json"),
            $$"""{"synth": "csound", "main": "{{Hostile.Replace("\\", "\\\\")}}", "inputs": 0}""");
        Assert.Equal(0, Orchestra("generate", "fm-lp", "--hosts", Path.Combine(Approved, "hosts.json"),
            "--format", "bash").ExitCode);
        var gen = Path.Combine(dir, "gen");
        // The machines' side: a home whose agent prints its arguments, one per line; ssh: hand the command to sh there.
        var home = Path.Combine(_root, "home");
        var agentDir = Path.Combine(home, ".cloudorchestra", CloudOrchestra.Deployment.DeploymentPlanner.IdOf(dir));
        Directory.CreateDirectory(agentDir);
        File.WriteAllText(Path.Combine(agentDir, "orchestra-agent"),
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        File.SetUnixFileMode(Path.Combine(agentDir, "orchestra-agent"),
            UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var bin = Path.Combine(_root, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "ssh"),
            $"#!/bin/sh\n# ssh -F CONFIG -- MACHINE COMMAND\ncd '{home}' && exec sh -c \"$5\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "ssh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var synthLine = File.ReadAllLines(Path.Combine(gen, "run.sh"))
            .Single(l => l.StartsWith("on agent", StringComparison.Ordinal) && l.Contains("pwned"));

        var run = OrchestraCli.RunProgram("bash", gen,
            new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" },
            ["-c", $"source ./lib.sh; {synthLine}; finish"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($" {Hostile}\n", run.Stdout);
        Assert.Empty(Directory.GetFiles(_root, "pwned*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Generate_will_not_overwrite_a_deployment_that_was_started()
    {
        var gen = Generate("fm-lp");
        File.WriteAllText(Path.Combine(gen, ".started"), "");

        var again = Orchestra("generate", "fm-lp", "--hosts", Path.Combine(Approved, "hosts.json"));

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("holds a deployment that was started: run its teardown.sh (or ansible/down.yml) first",
            again.Stderr);
    }

    /// <summary>
    /// An orchestra directory named to break out of a comment ("o", a newline, a command): what is generated elsewhere
    /// for it keeps the name on its comment line, so that neither bash (status.sh) nor Ansible (up.yml, as a play of
    /// its own) runs the command. Generating into it (DIR/gen, whose path holds the newline) is refused.
    /// </summary>
    [Fact]
    public void A_directory_name_with_a_newline_stays_a_comment_in_the_scripts_and_the_playbook()
    {
        var name = "o\ntouch PWNED\n- hosts: localhost\n  tasks: [{ansible.builtin.command: touch PWNED}]\n#";
        var dir = Path.Combine(_root, name);
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "fm-lp"), dir);
        var gen = Path.Combine(_root, "gen");
        var hosts = Path.Combine(Approved, "hosts.json");
        // Every ssh (bash's and Ansible's) reaches no machine: what runs, runs here.
        var bin = Path.Combine(_root, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "ssh"), "#!/bin/sh\nexit 255\n");
        File.SetUnixFileMode(Path.Combine(bin, "ssh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var path = new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };

        var intoIt = Orchestra("generate", dir, "--hosts", hosts);
        var elsewhere = Orchestra("generate", dir, "--hosts", hosts, "--out", gen);
        var status = OrchestraCli.RunProgram("bash", _root, path, [Path.Combine(gen, "status.sh")]);
        var plays = OrchestraCli.RunProgram("ansible-playbook", _root, path,
            ["-i", Path.Combine(gen, "ansible", "inventory.ini"), "--list-tasks",
                Path.Combine(gen, "ansible", "up.yml")]);
        var up = OrchestraCli.RunProgram("ansible-playbook", _root, path,
            ["-i", Path.Combine(gen, "ansible", "inventory.ini"), Path.Combine(gen, "ansible", "up.yml")]);

        Assert.True(intoIt.ExitCode == 2, intoIt.ToString());
        Assert.Contains("a generated deployment's path must not hold a control character (such as a newline)",
            intoIt.Stderr);
        Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
        Assert.Contains("from " + Path.Combine(_root, "o\\ntouch PWNED\\n- hosts: localhost"),
            File.ReadAllText(Path.Combine(gen, "status.sh")));
        Assert.Equal(1, status.ExitCode);                              // no machine answered
        Assert.Equal(1, plays.Stdout.Split('\n').Count(l => l.StartsWith("  play #", StringComparison.Ordinal)));
        Assert.NotEqual(0, up.ExitCode);                               // the play failed: no machine answered
        Assert.Empty(Directory.GetFiles(_root, "PWNED", SearchOption.AllDirectories));
    }

    /// <summary>
    /// Ansible reads its inventory's and playbook's paths as templates: a directory named with one is refused for it.
    /// </summary>
    [Fact]
    public void A_directory_whose_name_Ansible_would_run_as_a_template_is_refused_for_the_playbook()
    {
        var dir = Path.Combine(_root, "o{{ lookup('pipe', 'touch PWNED') }}");
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "fm-lp"), dir);
        var hosts = Path.Combine(Approved, "hosts.json");

        var both = Orchestra("generate", dir, "--hosts", hosts);
        var nothingWritten = !Directory.Exists(Path.Combine(dir, "gen"));
        var bash = Orchestra("generate", dir, "--hosts", hosts, "--format", "bash");

        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Equal($"orchestra: error: '{dir}/gen': Ansible would read '{{{{' in the path as a template and run "
            + $"what it says: generate into another directory (--out), or --format bash",
            both.StderrLines.Single());
        Assert.True(nothingWritten);
        Assert.True(bash.ExitCode == 0, bash.ToString());
        Assert.Empty(Directory.GetFiles(_root, "PWNED", SearchOption.AllDirectories));
    }
}
