using System.Text.Json;
using System.Threading.Channels;
using CloudOrchestra.Deploy.Execution;

namespace CloudOrchestra.Web;

/// <summary>
/// One deployment operation at a time (up or down), its events kept and passed on to every listener as JSON
/// lines (the same lines <c>orchestra up --json</c> prints), ending with <c>{"event": "done", ...}</c>.
/// A page that connects late is sent what happened so far first.
/// </summary>
internal sealed class DeploymentHub
{
    private readonly Lock _lock = new();
    private readonly List<string> _history = [];
    private readonly List<Channel<string>> _listeners = [];
    private Task _running = Task.CompletedTask;

    /// <summary>Starts the operation unless another one runs.</summary>
    public bool TryStart(string operation, Func<IProgress<DeployEvent>, CancellationToken, Task> work)
    {
        lock (_lock)
        {
            if (!_running.IsCompleted) return false;
            _history.Clear();
            _running = Task.Run(async () =>
            {
                string? error = null;
                try
                {
                    await work(new Progress(this), CancellationToken.None);
                }
                catch (Exception e)
                {
                    error = e is DeploymentFailedException failed ? $"{failed.Message}\n{failed.Cleanup}" : e.Message;
                }
                Publish(JsonSerializer.Serialize(new { @event = "done", operation, ok = error is null, error }));
            });
            return true;
        }
    }

    /// <summary>What happened so far, then every event as it comes, until the caller goes.</summary>
    public async IAsyncEnumerable<string> Listen(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        var channel = Channel.CreateUnbounded<string>();
        lock (_lock)
        {
            foreach (var line in _history) channel.Writer.TryWrite(line);
            _listeners.Add(channel);
        }
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancel)) yield return line;
        }
        finally
        {
            lock (_lock) _listeners.Remove(channel);
        }
    }

    private void Publish(string line)
    {
        lock (_lock)
        {
            _history.Add(line);
            foreach (var listener in _listeners) listener.Writer.TryWrite(line);
        }
    }

    private sealed class Progress(DeploymentHub hub) : IProgress<DeployEvent>
    {
        public void Report(DeployEvent value) => hub.Publish(value.ToJson());
    }
}
