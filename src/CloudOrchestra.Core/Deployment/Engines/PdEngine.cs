using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// Pure Data without its GUI on JACK: client named after the block (<c>-jackname</c>), no automatic connections
/// (<c>-nojackconnect</c>), ports <c>block:input_1..</c> and <c>block:output_1..</c>; the patch is opened and DSP
/// switched on as it starts.
/// </summary>
public sealed class PdEngine : ISynthEngine
{
    public string Name => SynthEngine.Pd;

    public SynthLaunch Launch(Block block, LaunchContext context)
    {
        var (moduleDirectory, jack) = (context.ModuleDirectory, context.Jack);
        var module = block.Module;
        IReadOnlyList<string> command =
        [
            "pd", "-nogui", "-jack", "-jackname", block.Name, "-nojackconnect", "-r", $"{jack.SampleRate}",
            "-inchannels", $"{module.Inputs}", "-outchannels", $"{module.Outputs}",
            "-open", module.MainArgument!, "-send", "pd dsp 1",
        ];
        return new SynthLaunch(block.Name, module.Name, moduleDirectory, command,
            JackPort.Numbered(block.Name, "input_", module.Inputs),
            JackPort.Numbered(block.Name, "output_", module.Outputs));
    }
}
