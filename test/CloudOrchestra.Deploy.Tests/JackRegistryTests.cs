using System.Text;
using System.Text.RegularExpressions;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>
/// JACK's registry of servers (/dev/shm/jack-shm-registry) has room for eight, and jackd frees a dead server's entry
/// only for a new server of the same name. Every deployment's server has its own name, so servers that did not shut
/// down cleanly would, eight of them, keep any JACK server from starting on the machine. The agent frees dead entries.
/// Run in a /dev/shm of its own (a mount namespace), so the machine's own servers are neither counted nor touched.
/// </summary>
public sealed class JackRegistryTests : IAsyncLifetime
{
    private readonly AgentDirectory agent = new("jack-registry");
    private readonly CommandRunner runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => agent.DisposeAsync().AsTask();

    /// <summary>Seven servers killed (their entries left), one running: the registry is full.</summary>
    private const string Script = """
        set -u
        export HOME="$PWD"
        server_up() {   # server_up NAME PID: waits for its socket
          local i
          for (( i = 0; i < 500; i++ )); do
            [[ -S "/dev/shm/jack_$1_${UID}_0" ]] && return 0
            kill -0 "$2" 2> /dev/null || { echo "jackd $1 exited" >&2; return 1; }
            sleep 0.02
          done
          echo "jackd $1 did not come up" >&2; return 1
        }
        for i in 1 2 3 4 5 6 7; do
          jackd --no-realtime -n "dead$i" -d dummy > /dev/null 2>&1 & pid=$!
          server_up "dead$i" "$pid" || exit 10
          kill -KILL "$pid"; wait "$pid" 2> /dev/null
        done
        jackd --no-realtime -n live -d dummy > /dev/null 2>&1 & live=$!
        trap 'kill "$live"; wait "$live"' EXIT
        server_up live "$live" || exit 10
        cp /dev/shm/jack-shm-registry registry.full
        timeout 10 jackd --no-realtime -n plain -d dummy > plain.log 2>&1
        echo "plain jackd exit $?"
        bash orchestra-agent jackd jackd dummy 48000 256 64 > agent.log 2>&1
        echo "agent jackd exit $?"
        cp /dev/shm/jack-shm-registry registry.swept
        bash orchestra-agent stop > /dev/null
        """;

    [RootFact]
    public async Task A_registry_full_of_dead_servers_does_not_keep_a_new_one_from_starting()
    {
        File.WriteAllText(agent.Combine("full.sh"), Script);

        var run = await runner.RunAsync(["unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o mode=1777 tmpfs /dev/shm && cd \"$1\" && exec bash full.sh", "private-shm", agent.Path],
            CancellationToken.None, timeout: TimeSpan.FromSeconds(60));

        Assert.True(run.Succeeded, run.ToString());
        var full = Entries("registry.full");
        Assert.Equal(8, full.Count);
        var plain = Regex.Match(run.Stdout, @"plain jackd exit (\d+)").Groups[1].Value;
        Assert.DoesNotContain(plain, new[] { "", "0", "124" });                // refused at once: the test's premise
        Assert.Contains("Too many servers already active", File.ReadAllText(agent.Combine("plain.log")));
        Assert.Contains("agent jackd exit 0", run.Stdout);
        var swept = Entries("registry.swept");
        Assert.Contains(swept, e => e.EndsWith(":live:", StringComparison.Ordinal));
        Assert.Contains(swept, e => e.EndsWith($":{agent.Server}:", StringComparison.Ordinal));
        Assert.DoesNotContain(swept, e => e.Contains(":dead", StringComparison.Ordinal));
    }

    /// <summary>The server names held in a copy of the registry ("jack-UID:NAME:").</summary>
    private List<string> Entries(string file)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(agent.Combine(file)));
        return [.. Regex.Matches(text, @"jack-\d+:[^\0]*").Select(m => m.Value)];
    }
}
