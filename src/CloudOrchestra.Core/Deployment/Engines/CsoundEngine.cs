using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// Csound on JACK: client named after the block, ports <c>block:input1..</c> and <c>block:output1..</c>, sample rate
/// and channel counts from the model. Csound connects its ports to any that match the device name it is
/// given, so it is given a pattern that matches none: the orchestra is wired afterwards, exactly as planned.
/// </summary>
public sealed class CsoundEngine : ISynthEngine
{
    private const string MatchesNoPort = "cloudorchestra-unconnected";

    public string Name => SynthEngine.Csound;

    public SynthLaunch Launch(Block block, LaunchContext context)
    {
        var (moduleDirectory, jack) = (context.ModuleDirectory, context.Jack);
        var module = block.Module;
        var command = new List<string>
        {
            "csound", "-+rtaudio=jack", $"-+jack_client={block.Name}", "-d", "--nodisplays",
            $"--sample-rate={jack.SampleRate}", $"-b{jack.Period}", $"-B{jack.Period * 4}",
        };
        command.Add(module.Outputs > 0 ? $"-odac:{MatchesNoPort}" : "-n");
        if (module.Outputs > 0) command.Add($"--nchnls={module.Outputs}");
        if (module.Inputs > 0) command.AddRange([$"-iadc:{MatchesNoPort}", $"--nchnls_i={module.Inputs}"]);
        command.Add(module.MainArgument!);
        return new SynthLaunch(block.Name, module.Name, moduleDirectory, command,
            JackPort.Numbered(block.Name, "input", module.Inputs),
            JackPort.Numbered(block.Name, "output", module.Outputs));
    }
}
