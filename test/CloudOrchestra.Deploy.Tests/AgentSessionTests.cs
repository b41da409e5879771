using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>The long-lived agent session, against the real agent script run by bash on this machine.</summary>
public sealed class AgentSessionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string directory = Directory.CreateTempSubdirectory("agent-session-").FullName;
    private readonly List<IReadOnlyList<string>> singleCalls = [];

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string WriteAgent()
    {
        using var resource = typeof(SshTransport).Assembly.GetManifestResourceStream("orchestra-agent")!;
        var path = Path.Combine(directory, "orchestra-agent");
        using (var file = File.Create(path)) resource.CopyTo(file);
        return path;
    }

    private string WriteScript(string text)
    {
        var path = Path.Combine(directory, "fake-agent");
        File.WriteAllText(path, text);
        return path;
    }

    private AgentSession Session(string script) => new(["bash", script, "serve"], (args, cancel) =>
    {
        lock (singleCalls) singleCalls.Add(args);
        return new CommandRunner().RunAsync(["bash", script, .. args], cancel);
    });

    [Fact]
    public async Task Calls_in_one_session_keep_their_own_exit_codes_output_and_errors()
    {
        await using var session = Session(WriteAgent());
        var status = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        var check = await session.CallAsync(["check", "no such process"], Timeout, CancellationToken.None);
        var unknown = await session.CallAsync(["no-such-verb", "a b", "; rm -rf /", "$(id)"], Timeout, CancellationToken.None);
        var start = await session.CallAsync(["start", "napper", "--", "sleep", "30"], Timeout, CancellationToken.None);
        var alive = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        var stop = await session.CallAsync(["stop"], Timeout, CancellationToken.None);

        Assert.Equal((0, "", ""), (status.ExitCode, status.Stdout, status.Stderr));
        Assert.Equal(3, check.ExitCode);
        Assert.StartsWith("no such process exited", check.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown verb 'no-such-verb'", unknown.Stderr);
        Assert.Equal(0, start.ExitCode);
        Assert.Matches(@"^started napper \d+ \d+\n$", start.Stdout);
        Assert.Matches(@"^alive napper \d+\n$", alive.Stdout);
        Assert.Matches(@"^stopped napper \d+\n$", stop.Stdout);
        Assert.Empty(singleCalls);
    }

    [Fact]
    public async Task Output_lines_that_look_like_a_reply_header_are_only_output()
    {
        var script = WriteAgent();
        await using var session = Session(script);
        var start = await session.CallAsync(["start", "liar", "--", "printf", "orchestra-agent-reply 0 0 0\\nsecond\\n"], Timeout, CancellationToken.None);
        Assert.Equal(0, start.ExitCode);
        // The process printed to its log, not to the session; a wait on its log proves both lines are there.
        var log = await session.CallAsync(["wait-log", "liar", "second"], Timeout, CancellationToken.None);
        var next = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        Assert.Equal(0, log.ExitCode);
        Assert.Matches(@"^(dead|alive) liar \d+\n$", next.Stdout);
    }

    [Fact]
    public async Task A_session_that_cannot_start_answers_with_its_exit_code_and_errors_then_starts_again()
    {
        var script = WriteScript("echo 'ssh: connect to host node9 port 22: No route to host' >&2; exit 255\n");
        await using var session = Session(script);
        var first = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        var second = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        Assert.Equal(255, first.ExitCode);
        Assert.Contains("No route to host", first.Stderr);
        Assert.Equal(255, second.ExitCode);
        Assert.Empty(singleCalls);
    }

    [Fact]
    public async Task An_agent_without_serve_gets_single_calls()
    {
        var script = WriteScript("""
            if [[ "$1" == serve ]]; then echo "agent: unknown verb 'serve' (batch, start)" >&2; exit 1; fi
            echo "single $*"
            """);
        await using var session = Session(script);
        var first = await session.CallAsync(["status", "x y"], Timeout, CancellationToken.None);
        var second = await session.CallAsync(["check"], Timeout, CancellationToken.None);
        Assert.Equal("single status x y\n", first.Stdout);
        Assert.Equal("single check\n", second.Stdout);
        Assert.Equal([["status", "x y"], ["check"]], singleCalls);
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_fails_and_the_next_call_gets_a_new_session()
    {
        var script = WriteScript("""
            while IFS= read -r -d '' count; do
              for (( i = 0; i < count; i++ )); do IFS= read -r -d '' word; done
              if [[ "$word" == hang ]]; then read -r -d '' never; fi
              printf 'orchestra-agent-reply 0 1 0\n%s\n' "$word"
            done
            """);
        await using var session = Session(script);
        var hung = await session.CallAsync(["hang"], TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var next = await session.CallAsync(["fine"], Timeout, CancellationToken.None);
        Assert.Equal(124, hung.ExitCode);
        Assert.Contains("timed out", hung.Stderr);
        Assert.Equal((0, "fine\n"), (next.ExitCode, next.Stdout));
    }

    [Fact]
    public async Task A_nul_byte_in_an_argument_is_refused()
    {
        await using var session = Session(WriteAgent());
        await Assert.ThrowsAsync<ArgumentException>(() => session.CallAsync(["status", "a\0b"], Timeout, CancellationToken.None));
    }
}
