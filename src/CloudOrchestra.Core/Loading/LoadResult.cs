using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>What loading gave: the model when every file was valid, and every finding either way.</summary>
public sealed record LoadResult(Orchestra? Orchestra, Resources? Resources, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Orchestra is not null && !Diagnostics.Any(d => d.IsError);
}
