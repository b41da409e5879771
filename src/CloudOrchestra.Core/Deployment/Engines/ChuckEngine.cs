using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// ChucK on JACK. ChucK 1.4 cannot be told its JACK client name (it is always "ChucK") and connects itself to the
/// system's ports, so the agent starts it with its shim preloaded: the client is named after the block and connects
/// nothing. Ports <c>block:inport 0..</c> and <c>block:outport 0..</c>, as ChucK numbers them. Its on-the-fly server,
/// which takes code, listens on the block's own port, on loopback only; the program finds that port and its block's
/// name in the environment (<c>Std.getenv("ORCHESTRA_OSC_PORT")</c>, <c>Std.getenv("ORCHESTRA_BLOCK")</c>).
/// </summary>
public sealed class ChuckEngine : ISynthEngine
{
    public string Name => SynthEngine.ChucK;

    public SynthLaunch Launch(Block block, LaunchContext context)
    {
        var module = block.Module;
        var command = new List<string>
        {
            "env", $"ORCHESTRA_BLOCK={block.Name}", $"ORCHESTRA_OSC_PORT={context.OscPort}", "ORCHESTRA_TCP_LOOPBACK=1",
            "chuck", $"--srate:{context.Jack.SampleRate}", $"--bufsize:{context.Jack.Period}",
            $"--port:{context.OscPort}",
            // ChucK opens two channels each way unless told otherwise; with none declared it keeps them, unwired.
            $"--out:{Math.Max(module.Outputs, 1)}",
        };
        if (module.Inputs > 0) command.Add($"--in:{module.Inputs}");
        command.Add(module.MainArgument!);
        return new SynthLaunch(block.Name, module.Name, context.ModuleDirectory, command,
            JackPort.Numbered(block.Name, "inport ", module.Inputs, first: 0),
            JackPort.Numbered(block.Name, "outport ", module.Outputs, first: 0),
            AgentNamesJackClient: true);
    }
}
