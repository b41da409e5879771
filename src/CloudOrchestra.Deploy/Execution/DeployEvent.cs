using System.Text.Json;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

public enum DeployEventKind
{
    Started,
    Succeeded,
    Failed,
}

/// <summary>
/// Progress of one step on one machine, for the CLI's live view, its <c>--json</c> stream and the web studio's.
/// </summary>
public sealed record DeployEvent(StepKind Step, string Machine, DeployEventKind Kind, TimeSpan Elapsed,
    string? Detail = null)
{
    /// <summary>
    /// One line of JSON: <c>{"event": "succeeded", "step": "Jack", "machine": "node1", "seconds": 0.5, "detail":
    /// null}</c>.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        @event = Kind.ToString().ToLowerInvariant(),
        step = Step.ToString(),
        machine = Machine,
        seconds = Math.Round(Elapsed.TotalSeconds, 3),
        detail = Detail,
    });
}
