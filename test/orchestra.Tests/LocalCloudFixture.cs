using System.Text.Json.Nodes;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// A local cloud of three one-core machines for the end-to-end tests, with its own prefix, subnet and
/// state directory; removed after them. Only made when running as root.
/// </summary>
public class LocalCloudFixture : IDisposable
{
    public const string Prefix = "oe2e";
    public const int Machines = 3;

    public LocalCloudFixture() : this(clockOffsets: false) { }

    /// <param name="clockOffsets">Each machine with a monotonic clock of its own
    /// (<c>cloud up --clock-offsets</c>).</param>
    protected LocalCloudFixture(bool clockOffsets)
    {
        State = Directory.CreateTempSubdirectory("orchestra-e2e-").FullName;
        Environment = new Dictionary<string, string>
        {
            ["ORCHESTRA_STATE_DIR"] = State,
            ["ORCHESTRA_CLOUD_PREFIX"] = Prefix,
            ["ORCHESTRA_CLOUD_SUBNET"] = "10.77.8",
        };
        HostsFile = Path.Combine(State, "hosts.json");
        if (!System.Environment.IsPrivilegedProcess) return;
        var up = OrchestraCli.Run(State, Environment,
            ["cloud", "up", "--hosts", $"{Machines}", "--out", HostsFile,
                .. clockOffsets ? ["--clock-offsets"] : Array.Empty<string>()]);
        if (up.ExitCode != 0) throw new InvalidOperationException("the local cloud did not come up:\n" + up);
    }

    public string State { get; }
    public IReadOnlyDictionary<string, string> Environment { get; }
    public string HostsFile { get; }

    public static string User(int node) => $"{Prefix}-node{node}";

    /// <summary>The cloud's hosts file with one machine's entry changed, for failure tests.</summary>
    public string HostsFileWith(string name, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(HostsFile))!;
        foreach (var host in json["hosts"]!.AsArray())
        {
            if ((string?)host!["name"] == name) change(host.AsObject());
        }
        json.AsObject().Remove("cloud");
        var path = Path.Combine(State, $"hosts-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>What runs on each machine besides its sshd, and what of the deployment runs on the listener.</summary>
    public IReadOnlyList<string> LeftoverProcesses(string deploymentId)
    {
        var left = new List<string>();
        for (var node = 1; node <= Machines; node++)
        {
            var ps = OrchestraCli.RunProgram("ps", State, Environment, "-u", User(node), "-o", "pid=,stat=,comm=");
            left.AddRange(ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => !l.Trim().EndsWith("sshd", StringComparison.Ordinal)
                    && !l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].StartsWith('Z'))
                .Select(l => $"node{node}: {l.Trim()}"));
        }
        var listener = OrchestraCli.RunProgram("pgrep", State, Environment, "-a", "-f",
            $"co-{deploymentId}|jacktrip -c 10.77.8.");
        left.AddRange(listener.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"listener: {l}"));
        return left;
    }

    /// <summary>
    /// Every process log of every deployment on the machines and the listener, for a failed test's output.
    /// </summary>
    public string Logs()
    {
        // Deployments live in ~/.cloudorchestra, which EnumerationOptions skips unless told not to skip hidden entries.
        var all =
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var logs = Directory.EnumerateFiles("/home", "*.log", all)
            .Where(f => f.Contains($"/{Prefix}-node", StringComparison.Ordinal))
            .Concat(Directory.Exists(State) ? Directory.EnumerateFiles(State, "*.log", all) : []);
        return string.Join("\n", logs.Select(f => $"==> {f}\n{File.ReadAllText(f)}"));
    }

    /// <summary>
    /// Machine <paramref name="node"/>'s monotonic clock minus this computer's, in milliseconds, as its kernel says:
    /// the time namespace its sshd (and so everything it starts) runs in.
    /// </summary>
    public double ClockOffsetMs(int node)
    {
        var pid = File.ReadAllText(Path.Combine(State, "cloud", Prefix, $"node{node}", "sshd.pid")).Trim();
        var monotonic = File.ReadAllLines($"/proc/{pid}/timens_offsets")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(w => w[0] is "monotonic" or "1");
        return long.Parse(monotonic[1], System.Globalization.CultureInfo.InvariantCulture) * 1000.0
            + long.Parse(monotonic[2], System.Globalization.CultureInfo.InvariantCulture) / 1e6;
    }

    public void Dispose()
    {
        if (System.Environment.IsPrivilegedProcess) OrchestraCli.Run(State, Environment, "cloud", "down");
        Directory.Delete(State, true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The local cloud with a clock of its own on each machine: what keeps a clock that is not synchronised from passing.
/// </summary>
public sealed class ClockedCloudFixture() : LocalCloudFixture(clockOffsets: true);
