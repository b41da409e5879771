using System.Diagnostics;
using System.Globalization;
using System.Text;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// One long-lived agent on one machine (<c>orchestra-agent serve</c>, over one ssh session), taking calls one at a
/// time: a deployment's dozen calls per machine then cost one ssh session, one login and one bash instead of a dozen.
/// The wire format is docs/agent-protocol.md's. When the session ends (the machine is unreachable), the call fails
/// with the session's exit code and errors, as a single ssh call would.
/// </summary>
internal sealed class AgentSession(IReadOnlyList<string> command) : IAsyncDisposable
{
    private const string ReplyTag = "orchestra-agent-reply/2 ";
    private const string OlderReplyTag = "orchestra-agent-reply ";
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Queue<string> errors = new();
    private Process? process;
    private ReplyReader? replies;

    public async Task<CommandResult> CallAsync(IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancel)
    {
        if (args.Any(a => a.Contains('\0')))
            throw new ArgumentException("an agent argument holds a NUL byte", nameof(args));
        await gate.WaitAsync(cancel);
        try
        {
            if (process is null && Start() is { } failed) return failed;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(timeout);
            try
            {
                return await ExchangeAsync(args, deadline.Token) ?? await EndedAsync(cancel);
            }
            catch (IOException)
            {
                return await EndedAsync(cancel); // it ended before it read the call
            }
            catch (OperationCanceledException)
            {
                Kill();
                cancel.ThrowIfCancellationRequested();
                return new CommandResult(124, "",
                    $"timed out after {timeout.TotalSeconds:0} s: {string.Join(' ', args)}");
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Sends one call and reads its reply; null when the session ended first.</summary>
    private async Task<CommandResult?> ExchangeAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var request = new StringBuilder().Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append('\0');
        foreach (var a in args) request.Append(a).Append('\0');
        await process!.StandardInput.WriteAsync(request, cancel);
        await process.StandardInput.FlushAsync(cancel);
        var header = await replies!.ReadLineAsync(cancel);
        if (header is null) return null;
        if (header.StartsWith(OlderReplyTag, StringComparison.Ordinal))
        {
            Kill();
            return new CommandResult(1, "",
                "the agent on this machine is from an older CloudOrchestra, which answers in another way: "
                + "stop its deployment with that version, or remove its directory there");
        }
        var f = header.StartsWith(ReplyTag, StringComparison.Ordinal) ? header[ReplyTag.Length..].Split(' ') : [];
        if (f.Length != 3 || !int.TryParse(f[0], out var rc) || !int.TryParse(f[1], out var outBytes)
            || !int.TryParse(f[2], out var errBytes) || outBytes < 0 || errBytes < 0)
        {
            Kill();
            return new CommandResult(1, "", $"the agent answered '{header}' instead of a reply");
        }
        var stdout = await replies.ReadExactlyAsync(outBytes, cancel);
        var stderr = await replies.ReadExactlyAsync(errBytes, cancel);
        if (stdout is null || stderr is null) return null;
        return new CommandResult(rc, stdout, stderr);
    }

    /// <summary>The session ended: the machine's answer is its exit code and errors.</summary>
    private async Task<CommandResult> EndedAsync(CancellationToken cancel)
    {
        var ended = process;
        process = null;
        replies = null;
        if (ended is null) return new CommandResult(255, "", "the agent's session ended");
        await ended.WaitForExitAsync(cancel);
        ended.WaitForExit(); // lets the last error lines arrive
        string stderr;
        lock (errors) stderr = string.Join('\n', errors);
        var exitCode = ended.ExitCode;
        ended.Dispose();
        return new CommandResult(exitCode == 0 ? 255 : exitCode, "",
            stderr.Length > 0 ? stderr : "the agent's session ended");
    }

    private CommandResult? Start()
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        var p = new Process { StartInfo = start };
        lock (errors) errors.Clear();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors)
            {
                errors.Enqueue(e.Data);
                if (errors.Count > 40) errors.Dequeue();
            }
        };
        try
        {
            p.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            p.Dispose();
            return new CommandResult(127, "", $"{command[0]}: {e.Message}");
        }
        p.BeginErrorReadLine();
        process = p;
        replies = new ReplyReader(p.StandardOutput.BaseStream);
        return null;
    }

    private void Kill()
    {
        replies = null;
        if (process is null) return;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it had already exited
        }
        process.Dispose();
        process = null;
    }

    /// <summary>Ends the session: the agent stops reading when its input closes.</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (process is null) return;
            try
            {
                process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(wait.Token);
                process.Dispose();
                process = null;
                replies = null;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                Kill();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The agent's replies as bytes: a header line, then texts of a counted length, whatever bytes they hold.
    /// </summary>
    private sealed class ReplyReader(Stream stream)
    {
        private const int LongestHeader = 256;
        private readonly byte[] buffer = new byte[64 * 1024];
        private int start, end;

        /// <summary>The next line, without its '\n'; null at the end of the stream.</summary>
        public async Task<string?> ReadLineAsync(CancellationToken cancel)
        {
            var line = new List<byte>();
            while (true)
            {
                if (start == end && !await FillAsync(cancel)) return null;
                var at = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                var stop = at < 0 ? end : at;
                line.AddRange(buffer.AsSpan(start, stop - start));
                start = at < 0 ? end : at + 1;
                if (at >= 0) return Encoding.UTF8.GetString([.. line]);
                // no header: the caller says so
                if (line.Count > LongestHeader) return Encoding.UTF8.GetString([.. line]);
            }
        }

        /// <summary>
        /// Exactly that many bytes, as text (bytes that are not UTF-8 shown as U+FFFD); null if the stream ends first.
        /// </summary>
        public async Task<string?> ReadExactlyAsync(int count, CancellationToken cancel)
        {
            var text = new byte[count];
            var got = 0;
            while (got < count)
            {
                if (start == end && !await FillAsync(cancel)) return null;
                var take = Math.Min(count - got, end - start);
                buffer.AsSpan(start, take).CopyTo(text.AsSpan(got));
                (start, got) = (start + take, got + take);
            }
            return Encoding.UTF8.GetString(text);
        }

        private async Task<bool> FillAsync(CancellationToken cancel)
        {
            (start, end) = (0, await stream.ReadAsync(buffer, cancel));
            return end > 0;
        }
    }
}
