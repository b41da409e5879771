using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment.Engines;

/// <summary>
/// Any program: the manifest's <c>command</c> and the JACK ports it declares, <c>{block}</c> replaced by the block's
/// name in both (so that the program can name its JACK client after the block). The program must not connect its
/// ports itself; if it does, the plan's "disconnect all" step undoes it.
/// </summary>
public sealed class CommandEngine : ISynthEngine
{
    public string Name => SynthEngine.Command;

    public SynthLaunch Launch(Block block, LaunchContext context)
    {
        var (moduleDirectory, jack) = (context.ModuleDirectory, context.Jack);
        var module = block.Module;
        string Fill(string text) => text.Replace(Module.BlockPlaceholder, block.Name, StringComparison.Ordinal)
            .Replace(Module.OscPortPlaceholder, $"{context.OscPort}", StringComparison.Ordinal)
            .Replace(Module.NodePortPlaceholder, $"{context.NodePort}", StringComparison.Ordinal);
        JackPort Port(string name)
        {
            var filled = Fill(name);
            var colon = filled.IndexOf(':');
            return new JackPort(filled[..colon], filled[(colon + 1)..]);
        }
        return new SynthLaunch(block.Name, module.Name, moduleDirectory, [.. module.Command!.Select(Fill)],
            [.. module.InputPorts!.Select(Port)], [.. module.OutputPorts!.Select(Port)]);
    }
}
