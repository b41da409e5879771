using System.Collections.Immutable;
using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Model;

/// <summary>A named instance of a <see cref="Module"/>; becomes one synth process and one JACK client.</summary>
/// <param name="Pin">Where the block must run, as written; null when the optimizer may choose.</param>
/// <param name="IsImplicit">An <c>ADC</c> or <c>DAC</c> that connections name without declaring it.</param>
public sealed record Block(
    string Name,
    Module Module,
    Pin? Pin,
    ImmutableSortedDictionary<string, string> Parameters,
    bool IsImplicit,
    SourceLocation Origin)
{
    public int Cores => Module.Cores;
}
