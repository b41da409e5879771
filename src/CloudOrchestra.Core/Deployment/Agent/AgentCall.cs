using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment;

/// <summary>
/// One call of the agent on one machine, as data: a record per verb of <c>orchestra-agent</c> (docs/agent-protocol.md).
/// Every renderer (<c>up</c>, generated scripts, playbooks) sends <see cref="Args"/>, which <see cref="AgentWords"/>
/// writes, the one place that knows the agent's words.
/// </summary>
public abstract record AgentCall(string Machine, string? Block = null) : MachineCall(Machine, Block)
{
    /// <summary>The agent's command line for this call.</summary>
    public IReadOnlyList<string> Args => AgentWords.Of(this);

    public override string ToString() => $"{Machine}: orchestra-agent {string.Join(' ', Args)}";
}

/// <summary>Starts the deployment's JACK server, and returns once it answers.</summary>
/// <param name="PortTableSize">Room in the server for so many ports (JACK's <c>-p</c>).</param>
public sealed record StartJack(string Machine, JackSettings Jack, int PortTableSize) : AgentCall(Machine);

/// <summary>
/// Keeps <paramref name="Ports"/> for the deployment's links on the machine, and answers the ports kept: the ones asked
/// for where they are free, others free where they are not; with <paramref name="Exact"/>, exactly those or a failure
/// naming the one that is taken (for renderers that cannot take the answer: the generated scripts).
/// </summary>
public sealed record ReservePorts(string Machine, IReadOnlyList<int> Ports, bool Exact = false) : AgentCall(Machine);

/// <summary>
/// Starts a process detached and records it. <paramref name="NamesJackClient"/>: the program cannot name its JACK
/// client or keep from connecting its ports itself, so the agent does it for it (a preloaded shim).
/// </summary>
public sealed record StartProcess(string Machine, string Name, IReadOnlyList<string> Command, string? Block = null,
    string? WorkingDirectory = null, bool NamesJackClient = false) : AgentCall(Machine, Block);

/// <summary>A process and the JACK ports it will register.</summary>
public sealed record PortsOf(string Process, IReadOnlyList<JackPort> Ports);

/// <summary>
/// Returns once every one of these ports exists, or fails naming the process whose ports are missing.
/// </summary>
public sealed record WaitForPorts(string Machine, IReadOnlyList<PortsOf> Owners) : AgentCall(Machine);

/// <summary>Fails unless the machine is <paramref name="System"/> on <paramref name="Arch"/> (<c>uname -s</c>,
/// <c>uname -m</c>): what a program built ahead of time for one kind of machine needs.</summary>
public sealed record RequirePlatform(string Machine, string System, string Arch) : AgentCall(Machine);

/// <summary>Returns once the process's log holds the text.</summary>
public sealed record WaitForLog(string Machine, string Process, string Text) : AgentCall(Machine);

/// <summary>Runs a command to its end in a working directory, its output in the log <paramref name="Name"/>.</summary>
public sealed record RunToEnd(string Machine, string Name, string WorkingDirectory, IReadOnlyList<string> Command,
    string? Block = null)
    : AgentCall(Machine, Block);

/// <summary>Removes every connection of the machine's JACK server.</summary>
public sealed record DisconnectAll(string Machine) : AgentCall(Machine);

/// <summary>Makes these JACK connections.</summary>
public sealed record ConnectPorts(string Machine, IReadOnlyList<Wire> Wires) : AgentCall(Machine);

/// <summary>Fails unless every one of these recorded processes runs.</summary>
public sealed record CheckRunning(string Machine, IReadOnlyList<string> Processes) : AgentCall(Machine);

/// <summary>Answers the state of every recorded process.</summary>
public sealed record ReportStatus(string Machine) : AgentCall(Machine);

/// <summary>Answers, for each of these connections, whether it is made (or unknown: JACK cannot be asked).</summary>
public sealed record ReportWiring(string Machine, IReadOnlyList<Wire> Wires) : AgentCall(Machine);
