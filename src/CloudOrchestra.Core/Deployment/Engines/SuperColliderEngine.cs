using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// SuperCollider: the synth server (scsynth) runs as the block, its JACK client named after it (<c>-H
/// SERVER:BLOCK</c>), ports <c>block:in_1..</c> and <c>block:out_1..</c>, no automatic connections, OSC on the block's
/// own UDP port. Once its ports exist, the language (sclang, headless) runs the module's main file to its end: it sends
/// the server its SynthDefs and synths. The file finds the server on 127.0.0.1 at
/// <c>"SC_SERVER_PORT".getenv.asInteger</c>, and should end with <c>0.exit</c>.
/// </summary>
public sealed class SuperColliderEngine : ISynthEngine
{
    public string Name => SynthEngine.SuperCollider;

    public SynthLaunch Launch(Block block, LaunchContext context)
    {
        var module = block.Module;
        IReadOnlyList<string> server =
        [
            "env", "SC_JACK_DEFAULT_INPUTS=", "SC_JACK_DEFAULT_OUTPUTS=",
            "scsynth", "-u", $"{context.OscPort}", "-H", $"{context.JackServer}:{block.Name}",
            "-i", $"{module.Inputs}", "-o", $"{module.Outputs}", "-S", $"{context.Jack.SampleRate}", "-R", "0", "-D",
            "0",
        ];
        // Headless: no display (offscreen), and QtWebEngine's own sandbox off (it refuses to start without a display
        // otherwise).
        IReadOnlyList<string> language =
        [
            "env", $"SC_SERVER_PORT={context.OscPort}", $"SC_BLOCK={block.Name}", "QT_QPA_PLATFORM=offscreen",
            "QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox",
            "sclang", module.MainArgument!,
        ];
        return new SynthLaunch(block.Name, module.Name, context.ModuleDirectory, server,
            JackPort.Numbered(block.Name, "in_", module.Inputs),
            JackPort.Numbered(block.Name, "out_", module.Outputs),
            [language]);
    }
}
