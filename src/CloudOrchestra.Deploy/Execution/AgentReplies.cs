using System.Globalization;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// How a recorded process is: running; stopped by a signal (so it makes no sound); dead (exited, or not the process we
/// started).
/// </summary>
public enum ProcessState
{
    Alive,
    Stopped,
    Dead,
}

/// <summary>A process the agent started: <c>started NAME PID STARTTIME</c>.</summary>
public sealed record StartedProcess(string Name, int Pid, string StartTime);

/// <summary>
/// A machine's answer to <see cref="AgentWords.Status"/>: each recorded process's state, and each asked-for
/// connection's.
/// </summary>
/// <param name="Wires">Made (true), missing (false), or unknown (null: a process of the deployment is stopped, and its
/// JACK server waits on it).</param>
public sealed record StatusReply(IReadOnlyDictionary<string, ProcessState> Processes,
    IReadOnlyDictionary<Wire, bool?> Wires)
{
    /// <summary>Whether the machine answered at all: an unreachable one prints nothing.</summary>
    public bool Answered => Processes.Count > 0 || Wires.Count > 0;
}

/// <summary>
/// The agent's answers (docs/agent-protocol.md), parsed into records: the only place that reads what it prints.
/// Names of processes hold no spaces; port names may, so connections' lines are split at tabs.
/// </summary>
public static class AgentReplies
{
    /// <summary>The agent's exit code when a process the call starts, waits on or checks has exited.</summary>
    public const int ProcessExited = 3;

    /// <summary>
    /// The agent's exit code when a wait ran out of time: a port not registered, a log line not written, jackd not
    /// answering.
    /// </summary>
    public const int TimedOut = 4;

    /// <summary>
    /// Whether a failed call's errors begin with the name of the process they concern, then its log's end (exit 3 or
    /// 4).
    /// </summary>
    public static bool NamesItsProcess(int exitCode) => exitCode is ProcessExited or TimedOut;

    public static IReadOnlyList<StartedProcess> Started(string output) =>
        [.. Lines(output).Select(l => l.Split(' '))
            .Where(f => f.Length == 4 && f[0] == "started" && int.TryParse(f[2], CultureInfo.InvariantCulture, out _))
            .Select(f => new StartedProcess(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), f[3]))];

    /// <summary>The ports <c>reserve-ports</c> kept: <c>ports P...</c>.</summary>
    /// <exception cref="FormatException">The answer holds no such line.</exception>
    public static IReadOnlyList<int> Ports(string output) =>
        Lines(output).Select(l => l.Split(' ')).FirstOrDefault(f => f[0] == "ports") is { } f
            ? [.. f.Skip(1).Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
            : throw new FormatException(
                $"the agent answered '{output.Trim()}' where it should have named the ports it kept");

    public static StatusReply Status(string output)
    {
        var processes = new Dictionary<string, ProcessState>();
        var wires = new Dictionary<Wire, bool?>();
        foreach (var line in Lines(output))
        {
            if (line.Split('\t') is [var word and ("connected" or "missing" or "unknown"), var from, var to])
            {
                wires[new Wire(JackPort.Parse(from), JackPort.Parse(to))] = word == "unknown"
                    ? null
                    : word == "connected";
            }
            else if (line.Split(' ') is [var state, var name, _] && StateOf(state) is { } parsed)
            {
                processes[name] = parsed;
            }
        }
        return new StatusReply(processes, wires);
    }

    public static string Word(this ProcessState state) => state.ToString().ToLowerInvariant();

    private static ProcessState? StateOf(string word) => word switch
    {
        "alive" => ProcessState.Alive,
        "stopped" => ProcessState.Stopped,
        "dead" => ProcessState.Dead,
        _ => null,
    };

    private static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
