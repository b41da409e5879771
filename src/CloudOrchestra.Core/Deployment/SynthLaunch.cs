namespace CloudOrchestra.Deployment;

/// <summary>How one block's synth starts: in which directory, with which command, and the JACK ports it will register.</summary>
public sealed record SynthLaunch(string Block, string Module, string WorkingDirectory, IReadOnlyList<string> Command, IReadOnlyList<JackPort> Ports);
