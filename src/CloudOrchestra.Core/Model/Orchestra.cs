using System.Collections.Frozen;
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
    // Lookups by name, made once for the arrays they were made from (a copy made with 'with' gets its own):
    // orchestras of 100,000 blocks are looked up as often as they have blocks.
    private (ImmutableArray<Block> Of, FrozenDictionary<string, Block> Index)? _blocks;
    private (ImmutableArray<string> Of, FrozenSet<string> Index)? _aliases;

    public Block? Find(string blockName)
    {
        if (_blocks is not { } cached || cached.Of != Blocks)
            _blocks = cached = (Blocks, Blocks.ToFrozenDictionary(b => b.Name, StringComparer.Ordinal));
        return cached.Index.GetValueOrDefault(blockName);
    }

    public bool IsAlias(string host)
    {
        if (_aliases is not { } cached || cached.Of != HostAliases)
            _aliases = cached = (HostAliases, HostAliases.ToFrozenSet(StringComparer.Ordinal));
        return cached.Index.Contains(host);
    }

    /// <summary>Distinct modules of the orchestra's blocks that run a process (not ADC/DAC).</summary>
    public IEnumerable<Module> Modules => Blocks.Select(b => b.Module).Where(m => !m.IsBuiltIn).DistinctBy(m => m.Name);
}
