namespace CloudOrchestra.Deployment;

/// <summary>
/// How one block's synth starts: in which directory, with which command, and the JACK ports it will register,
/// its inputs and outputs in port order (port 1 first): the ones the plan wires. <paramref name="OnceReady"/>: commands
/// run to their end, in the working directory, once its ports exist (SuperCollider's language sending the synth
/// server its synths). <paramref name="AgentNamesJackClient"/>: the synth cannot name its JACK client or keep from
/// connecting its ports itself, so the agent does it for it (<c>start --jack-client BLOCK</c>, a preloaded shim).
/// <paramref name="ListedPortsLogText"/>: the synth lists JACK's ports as it starts, and its log holds this text once
/// it has; a port registered meanwhile can crash it (Csound counts the ports, then fills in more than it made room
/// for), so synths that list start one after another on a machine, each once the others' ports exist.
/// </summary>
public sealed record SynthLaunch(
    string Block, string Module, string WorkingDirectory, IReadOnlyList<string> Command,
    IReadOnlyList<JackPort> Inputs, IReadOnlyList<JackPort> Outputs,
    IReadOnlyList<IReadOnlyList<string>>? OnceReady = null, bool AgentNamesJackClient = false,
    string? ListedPortsLogText = null)
{
    public IReadOnlyList<JackPort> Ports => [.. Inputs, .. Outputs];
}
