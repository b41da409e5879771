using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>What an engine needs to know to start a block on its machine.</summary>
/// <param name="ModuleDirectory">Where the block's module files are on the machine, relative to the deployment's
/// directory.</param>
/// <param name="JackServer">The name of the deployment's JACK server there.</param>
/// <param name="OscPort">A UDP port of its own on that machine, where its node hands it its messages.</param>
/// <param name="NodePort">Its machine's node's port on 127.0.0.1, where it sends messages for other blocks.</param>
public sealed record LaunchContext(string ModuleDirectory, JackSettings Jack, string JackServer, int OscPort,
    int NodePort);

/// <summary>Knows how one synth engine starts headless on JACK, auto-connect off, under the block's name.</summary>
public interface ISynthEngine
{
    string Name { get; }

    SynthLaunch Launch(Block block, LaunchContext context);
}
