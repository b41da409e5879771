using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>
/// The agent's JACK verbs on a real JACK server here, answered by its JACK helper (one client for every question) and,
/// on a machine where the helper cannot be built, by JACK's own tools: the same answers either way.
/// </summary>
public sealed class AgentJackTests : IAsyncLifetime
{
    private readonly AgentDirectory agent = new("agent-jack");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => agent.DisposeAsync().AsTask();

    private Task<CommandResult> Agent(params string[] args) => agent.Run(args);

    /// <summary>
    /// With the helper, JACK's tools are replaced by ones that fail: every answer must come from the helper. Without it
    /// (no compiler), the tools answer.
    /// </summary>
    private void Use(bool helper)
    {
        if (!helper) { agent.Environment = ["CC=/nonexistent/cc"]; return; }
        var tools = Directory.CreateDirectory(agent.Combine("failing-tools")).FullName;
        foreach (var tool in new[] { "jack_lsp", "jack_connect", "jack_disconnect", "jack_evmon" })
        {
            var path = Path.Combine(tools, tool);
            File.WriteAllText(path, $"#!/bin/sh\necho '{tool} was called' >&2\nexit 1\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        agent.Environment = [$"PATH={tools}:{Environment.GetEnvironmentVariable("PATH")}"];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ports_are_awaited_wired_checked_and_disconnected_alike_with_the_helper_or_JACKs_tools(bool helper)
    {
        Use(helper);
        Assert.True((await Agent("jackd", "jackd", "dummy", "48000", "256", "64")).Succeeded);

        // In one agent, as `up` calls it: start two clients, wait for their ports, wire them, check the wiring.
        var up = await Agent("batch",
            "8", "start", "slow", "--", "jack_metro", "-n", "slow", "-b", "60",
            "8", "start", "fast", "--", "jack_metro", "-n", "fast", "-b", "120",
            "6", "wait-ports", "slow", "slow:60_bpm", "--of", "fast", "fast:120_bpm",
            "5", "connect", "slow:60_bpm", "system:playback_1", "fast:120_bpm", "system:playback_2",
            "1", "disconnect-all",
            "3", "connect", "fast:120_bpm", "system:playback_1");
        var wired = await Agent("wired", "fast:120_bpm", "system:playback_1", "slow:60_bpm", "system:playback_1");
        var badPort = await Agent("connect", "fast:120_bpm", "system:nothing");
        var lateWait = await Agent("wait-ports", "slow", "slow:60_bpm");

        Assert.True(up.Succeeded, up.ToString());
        Assert.Equal(1, wired.ExitCode);
        Assert.Equal(["connected\tfast:120_bpm\tsystem:playback_1", "missing\tslow:60_bpm\tsystem:playback_1"],
            wired.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, badPort.ExitCode);
        Assert.Contains("cannot connect fast:120_bpm to system:nothing", badPort.Stderr);
        Assert.True(lateWait.Succeeded, lateWait.ToString());
        Assert.Equal(helper, Directory.Exists(agent.Cache));
    }

    /// <summary>The test's own JACK client (Clients/late-client.c), built into the agent's directory.</summary>
    private async Task<string> LateClient()
    {
        var client = agent.Combine("late-client");
        var build = await new CommandRunner().RunAsync(
            ["cc", "-O2", "-o", client, Path.Combine(AppContext.BaseDirectory, "Clients", "late-client.c"), "-ldl"],
            CancellationToken.None);
        Assert.True(build.Succeeded, build.ToString());
        return client;
    }

    [Fact]
    public async Task Connect_waits_for_a_client_whose_port_exists_to_activate()
    {
        // JACK refuses to connect a port of a client that is not active yet; this one activates 700 ms after it
        // registers.
        var client = await LateClient();
        Assert.True((await Agent("jackd", "jackd", "dummy", "48000", "256", "64")).Succeeded);

        var up = await Agent("batch",
            "6", "start", "late", "--", client, "late", "700",
            "3", "wait-ports", "late", "late:out",
            "3", "connect", "late:out", "system:playback_1");
        var wired = await Agent("wired", "late:out", "system:playback_1");

        Assert.True(up.Succeeded, up.ToString());
        Assert.True(wired.Succeeded, wired.ToString());
    }

    [Fact]
    public async Task Connecting_a_port_whose_client_has_exited_names_it_with_its_log()
    {
        var client = await LateClient();
        Assert.True((await Agent("jackd", "jackd", "dummy", "48000", "256", "64")).Succeeded);
        Assert.True((await Agent("batch",
            "7", "start", "brief", "--", client, "brief", "0", "300",      // active at once, gone 300 ms later
            "3", "wait-ports", "brief", "brief:out")).Succeeded);
        // until it has gone
        for (var i = 0; i < 100 && (await Agent("check", "brief")).Succeeded; i++) await Task.Delay(50);

        var connect = await Agent("connect", "brief:out", "system:playback_1");

        Assert.Equal(3, connect.ExitCode);
        Assert.StartsWith("brief exited; its log ends:", connect.Stderr);
    }
}
