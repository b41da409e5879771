using CloudOrchestra.Model;

namespace CloudOrchestra.Deployment;

/// <summary>What one machine runs: its blocks, the modules to sync there, its JACK server.</summary>
public sealed record MachinePlan(Host Host, IReadOnlyList<string> Blocks, IReadOnlyList<Module> Modules)
{
    public string Name => Host.Name;
}
