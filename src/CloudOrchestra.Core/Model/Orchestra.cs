using System.Collections.Immutable;

namespace CloudOrchestra.Model;

/// <summary>
/// A validated synthdef: blocks, the connections between them and the host aliases that group
/// blocks onto one machine. Implicit <c>ADC</c>/<c>DAC</c> blocks named by connections are included.
/// </summary>
public sealed record Orchestra(
    string Directory,
    string SynthdefFile,
    ImmutableArray<Block> Blocks,
    ImmutableArray<Connection> Connections,
    ImmutableArray<string> HostAliases)
{
    public Block? Find(string blockName) => Blocks.FirstOrDefault(b => b.Name == blockName);

    public bool IsAlias(string host) => HostAliases.Contains(host);

    /// <summary>Distinct modules of the orchestra's blocks that run a process (not ADC/DAC).</summary>
    public IEnumerable<Module> Modules => Blocks.Select(b => b.Module).Where(m => !m.IsBuiltIn).DistinctBy(m => m.Name);
}
