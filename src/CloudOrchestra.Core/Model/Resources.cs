using System.Collections.Immutable;

namespace CloudOrchestra.Model;

/// <summary>The machines an orchestra may use, as read from a hosts file (the prototype's <c>slaves.json</c>).</summary>
public sealed record Resources(string File, ImmutableArray<Host> Hosts)
{
    public Host? Find(string name) => Hosts.FirstOrDefault(h => h.Name == name);
}
