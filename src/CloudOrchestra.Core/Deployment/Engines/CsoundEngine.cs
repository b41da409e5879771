using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// Csound on JACK: client named after the block, ports <c>block:input1..</c> and <c>block:output1..</c>, sample rate
/// and channel counts from the model. Csound connects its ports to any that match the device name it is
/// given, so it is given a pattern that matches none: the orchestra is wired afterwards, exactly as planned.
/// As it starts it lists JACK's ports (rtjack's listPorts: it counts them, then fills in a list of that size, and
/// a port registered in between overruns it: "double free or corruption"); its warning that no port matched each
/// pattern says it is done, and <c>-m135</c> (Csound's default message level) keeps a csd's <c>-m0</c> from hiding it.
/// </summary>
public sealed class CsoundEngine : ISynthEngine
{
    private const string MatchesNoInput = "cloudorchestra-no-input";
    private const string MatchesNoOutput = "cloudorchestra-no-output";
    private const string NoMatchWarning = "no ports match pattern ";

    public string Name => SynthEngine.Csound;

    public SynthLaunch Launch(Block block, LaunchContext context)
    {
        var (moduleDirectory, jack) = (context.ModuleDirectory, context.Jack);
        var module = block.Module;
        var command = new List<string>
        {
            "csound", "-+rtaudio=jack", $"-+jack_client={block.Name}", "-d", "--nodisplays", "-m135",
            $"--sample-rate={jack.SampleRate}", $"-b{jack.Period}", $"-B{jack.Period * 4}",
        };
        command.Add(module.Outputs > 0 ? $"-odac:{MatchesNoOutput}" : "-n");
        if (module.Outputs > 0) command.Add($"--nchnls={module.Outputs}");
        if (module.Inputs > 0) command.AddRange([$"-iadc:{MatchesNoInput}", $"--nchnls_i={module.Inputs}"]);
        // The orchestra's $OSC_PORT (OSCinit $OSC_PORT) and $NODE_PORT (OSCsend ..., "127.0.0.1", $NODE_PORT, ...).
        command.AddRange([$"--omacro:OSC_PORT={context.OscPort}", $"--omacro:NODE_PORT={context.NodePort}"]);
        command.Add(module.MainArgument!);
        // Inputs are listed first, outputs last.
        var listed = module.Outputs > 0 ? NoMatchWarning + MatchesNoOutput
            : module.Inputs > 0 ? NoMatchWarning + MatchesNoInput
            : null;
        return new SynthLaunch(block.Name, module.Name, moduleDirectory, command,
            JackPort.Numbered(block.Name, "input", module.Inputs),
            JackPort.Numbered(block.Name, "output", module.Outputs), ListedPortsLogText: listed);
    }
}
