using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// Pure Data without its GUI on JACK: client named after the block (<c>-jackname</c>), no automatic connections
/// (<c>-nojackconnect</c>), ports <c>block:input_1..</c> and <c>block:output_1..</c>; the patch is opened and DSP
/// switched on as it starts. Once the patch is open, <c>[r orchestra-ports]</c> in it receives the block's OSC port
/// and its node's port, "OSC NODE" (for <c>[netreceive -u -b]</c>'s <c>listen</c> and <c>[netsend -u -b]</c>'s
/// <c>connect</c>): a patch needs no template to take OSC.
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
            "-send", $"orchestra-ports {context.OscPort} {context.NodePort}",
        ];
        return new SynthLaunch(block.Name, module.Name, moduleDirectory, command,
            JackPort.Numbered(block.Name, "input_", module.Inputs),
            JackPort.Numbered(block.Name, "output_", module.Outputs));
    }
}
