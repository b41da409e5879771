using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>The long-lived agent session, against the real agent script run by bash on this machine.</summary>
public sealed class AgentSessionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string directory = Directory.CreateTempSubdirectory("agent-session-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string WriteAgent()
    {
        DeploymentStage.WriteAgent(directory);
        return Path.Combine(directory, DeploymentStage.AgentScript);
    }

    private string WriteScript(string text)
    {
        var path = Path.Combine(directory, "fake-agent");
        File.WriteAllText(path, text);
        return path;
    }

    private static AgentSession Session(string script) => new(["bash", script, "serve"]);

    [Fact]
    public async Task Calls_in_one_session_keep_their_own_exit_codes_output_and_errors()
    {
        await using var session = Session(WriteAgent());
        var status = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        var check = await session.CallAsync(["check", "no such process"], Timeout, CancellationToken.None);
        var unknown = await session.CallAsync(["no-such-verb", "a b", "; rm -rf /", "$(id)"], Timeout,
            CancellationToken.None);
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
    }

    [Fact]
    public async Task Output_lines_that_look_like_a_reply_header_are_only_output()
    {
        var script = WriteAgent();
        await using var session = Session(script);
        var start = await session.CallAsync(["start", "liar", "--", "printf",
            "orchestra-agent-reply 0 0 0\\nsecond\\n"], Timeout, CancellationToken.None);
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
    }

    /// <summary>
    /// What a synth logs reaches the reply byte for byte: carriage returns, characters beyond ASCII, a last line
    /// without its end. Counted in lines, a carriage return split a line in two and the next call read the rest as its
    /// reply.
    /// </summary>
    [Fact]
    public async Task Log_bytes_of_any_kind_in_a_reply_keep_the_replies_apart()
    {
        await using var session = Session(WriteAgent());

        var failed = await session.CallAsync(["run", "noisy", "--", "sh", "-c",
            "printf 'progress 1\\rprogress 2\\r\\n\\303\\251t\\303\\251 \\377\\033[31mred'; exit 3"],
            Timeout, CancellationToken.None);
        var next = await session.CallAsync(["status"], Timeout, CancellationToken.None);
        var start = await session.CallAsync(["start", "napper", "--", "sleep", "30"], Timeout, CancellationToken.None);
        var stop = await session.CallAsync(["stop"], Timeout, CancellationToken.None);

        Assert.Equal(3, failed.ExitCode);
        Assert.Equal("noisy could not be made ready: 'sh' exited with 3; its log ends:\n"
            + "  | progress 1\rprogress 2\r\n  | été \uFFFDred", failed.Stderr);
        Assert.Equal((0, "", ""), (next.ExitCode, next.Stdout, next.Stderr));
        Assert.Matches(@"^started napper \d+ \d+\n$", start.Stdout);
        Assert.Matches(@"^stopped napper \d+\n$", stop.Stdout);
    }

    [Fact]
    public async Task An_agent_of_an_older_version_is_named_as_such()
    {
        var script = WriteScript("""
            while IFS= read -r -d '' count; do
              for (( i = 0; i < count; i++ )); do IFS= read -r -d '' word; done
              printf 'orchestra-agent-reply 0 1 0\n%s\n' "$word"
            done
            """);
        await using var session = Session(script);

        var answer = await session.CallAsync(["status"], Timeout, CancellationToken.None);

        Assert.Equal(1, answer.ExitCode);
        Assert.StartsWith("the agent on this machine is from an older CloudOrchestra", answer.Stderr);
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_fails_and_the_next_call_gets_a_new_session()
    {
        var script = WriteScript("""
            while IFS= read -r -d '' count; do
              for (( i = 0; i < count; i++ )); do IFS= read -r -d '' word; done
              if [[ "$word" == hang ]]; then read -r -d '' never; fi
              printf 'orchestra-agent-reply/2 0 %s 0\n%s\n' "$(( ${#word} + 1 ))" "$word"
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
        await Assert.ThrowsAsync<ArgumentException>(() =>
            session.CallAsync(["status", "a\0b"], Timeout, CancellationToken.None));
    }
}
