using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>Knows how one synth engine starts headless on JACK, auto-connect off, under the block's name.</summary>
public interface ISynthEngine
{
    string Name { get; }

    /// <param name="moduleDirectory">Where the module's files are on the machine, relative to the deployment's directory.</param>
    SynthLaunch Launch(Block block, string moduleDirectory, JackSettings jack);
}
