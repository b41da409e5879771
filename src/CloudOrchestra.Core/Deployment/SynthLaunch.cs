namespace CloudOrchestra.Deployment;

/// <summary>
/// How one block's synth starts: in which directory, with which command, and the JACK ports it will register,
/// its inputs and outputs in port order (port 1 first): the ones the plan wires.
/// </summary>
public sealed record SynthLaunch(
    string Block, string Module, string WorkingDirectory, IReadOnlyList<string> Command, IReadOnlyList<JackPort> Inputs, IReadOnlyList<JackPort> Outputs)
{
    public IReadOnlyList<JackPort> Ports => [.. Inputs, .. Outputs];
}
