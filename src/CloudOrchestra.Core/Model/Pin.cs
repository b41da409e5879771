using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Model;

/// <summary>
/// A block's <c>host</c>: a host alias of the synthdef or a machine's name, and where it was written.
/// </summary>
public sealed record Pin(string Host, SourceLocation Origin);
