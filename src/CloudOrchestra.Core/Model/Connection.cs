using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Model;

/// <summary>
/// Joins <see cref="Channels"/> consecutive outputs of <see cref="Source"/>, starting at
/// <see cref="SourcePort"/>, to inputs of <see cref="Sink"/> starting at <see cref="SinkPort"/>. Ports count from 1.
/// </summary>
public sealed record Connection(string Source, string Sink, int SourcePort, int SinkPort, int Channels,
    SourceLocation Origin)
{
    public override string ToString() => $"{Source} → {Sink}";
}
