using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>
/// The agent's JACK client shim (<c>start --jack-client</c>) on the real ChucK and a real JACK server here: ChucK,
/// which always calls itself "ChucK" and connects itself to the system ports, comes up under the block's name,
/// connected to nothing, its code-taking server on loopback only.
/// </summary>
public sealed class JackClientShimTests : IAsyncLifetime
{
    private readonly AgentDirectory agent = new("jack-shim");
    private readonly CommandRunner runner = new();

    public Task InitializeAsync()
    {
        File.WriteAllText(agent.Combine("tone.ck"), "SinOsc s => dac; while (true) 1::second => now;\n");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => agent.DisposeAsync().AsTask();

    private string Cache => agent.Cache;

    private Task<CommandResult> Agent(params string[] args) => agent.Run(args);

    private Task<CommandResult> Jack(params string[] args) =>
        runner.RunAsync(["env", $"JACK_DEFAULT_SERVER={agent.Server}", "JACK_NO_START_SERVER=1", .. args],
            CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Two_ChucKs_run_under_their_blocks_names_connected_to_nothing_their_code_servers_on_loopback()
    {
        var (port, other) = (FreePort(), FreePort());
        Assert.True((await Agent("jackd", "jackd", "dummy", "48000", "256", "64")).Succeeded);

        var start = await Agent("start", "voice", "--jack-client", "voice", "--",
            "env", "ORCHESTRA_TCP_LOOPBACK=1", "chuck", "--srate:48000", $"--port:{port}", "--out:2", "tone.ck");
        var second = await Agent("start", "choir", "--jack-client", "choir", "--",
            "env", "ORCHESTRA_TCP_LOOPBACK=1", "chuck", "--srate:48000", $"--port:{other}", "--out:1", "tone.ck");
        var ready = await Agent("wait-ports", "voice", "voice:outport 0", "voice:outport 1",
            "--of", "choir", "choir:outport 0");

        Assert.True(start.Succeeded, start.ToString());
        Assert.True(second.Succeeded, second.ToString());
        Assert.True(ready.Succeeded, ready.ToString());
        var listed = await Jack("jack_lsp", "-c");
        // Once (a second run of the test projects beside this one) jack_lsp listed nothing here: say why, if again.
        var jackdLog = agent.Combine("logs", "jackd.log");
        Assert.True(listed.Succeeded && listed.Stdout.Length > 0,
            $"{listed}\njackd's log:\n{(File.Exists(jackdLog) ? File.ReadAllText(jackdLog) : "(none)")}");
        var ports = listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("voice:outport 0", ports);
        Assert.Contains("choir:outport 0", ports);
        Assert.DoesNotContain(ports, p => p.StartsWith("ChucK", StringComparison.Ordinal));
        Assert.DoesNotContain(ports, p => p.StartsWith(' '));          // jack_lsp -c indents a port's connections
        var listening = (await runner.RunAsync(["ss", "-Hltn", $"sport = :{port}"], CancellationToken.None)).Stdout;
        Assert.Contains($"127.0.0.1:{port}", listening);
        Assert.DoesNotContain($"0.0.0.0:{port}", listening);

        // ChucK's clients die unannounced, and the server they leave does not shut down cleanly: it leaves its entry in
        // JACK's registry of eight servers, which the agent's stop frees (see JackRegistryTests).
        Assert.True((await Agent("stop")).Succeeded);
        Assert.DoesNotContain($":{agent.Server}:",
            Encoding.Latin1.GetString(File.ReadAllBytes("/dev/shm/jack-shm-registry")));
    }

    [Fact]
    public async Task The_shim_is_built_once_and_again_only_when_its_text_changes()
    {
        var source = agent.Combine(DeploymentStage.ShimFile);
        Assert.True((await Agent("start", "first", "--jack-client", "first", "--", "true")).Succeeded);
        var firstBuild = Assert.Single(Directory.GetFiles(Cache, "jack-client-name-*.so"));
        var builtAt = File.GetLastWriteTimeUtc(firstBuild);

        // as every sync does: a new time, the same text
        File.SetLastWriteTimeUtc(source, builtAt.AddMinutes(1));
        Assert.True((await Agent("start", "second", "--jack-client", "second", "--", "true")).Succeeded);
        var unchanged = (Assert.Single(Directory.GetFiles(Cache, "jack-client-name-*.so")),
            File.GetLastWriteTimeUtc(firstBuild));
        File.AppendAllText(source, "\n/* changed */\n");
        Assert.True((await Agent("start", "third", "--jack-client", "third", "--", "true")).Succeeded);

        Assert.Equal((firstBuild, builtAt), unchanged);
        Assert.Equal(2, Directory.GetFiles(Cache, "jack-client-name-*.so").Length);
    }

    [Fact]
    public async Task Without_a_compiler_the_start_fails_naming_what_to_install()
    {
        // its run and logs directories, made with the usual PATH
        Assert.True((await Agent("status")).Succeeded);

        var start = await runner.RunAsync(
            ["env", "PATH=/nonexistent", $"HOME={agent.Path}", "/bin/bash", agent.Combine("orchestra-agent"),
                "start", "voice", "--jack-client", "voice", "--", "/bin/true"], CancellationToken.None);

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("needs a C compiler on this machine: install gcc", start.Stderr);
    }
}
