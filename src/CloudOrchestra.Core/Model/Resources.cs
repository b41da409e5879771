using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CloudOrchestra.Model;

/// <summary>
/// The machines an orchestra may use, as read from a hosts file (the prototype's <c>slaves.json</c>).
/// </summary>
/// <param name="ListenerJack">
/// The JACK driver (and device) of the listener's own server, where the orchestra is heard: a sound card with
/// <c>alsa</c>; none with <c>dummy</c>, the default. It runs at the machines' rate and period.
/// </param>
/// <param name="Conductor">Where the listener's node takes OSC; null: <see cref="ConductorSettings.Default"/>.</param>
public sealed record Resources(string File, ImmutableArray<Host> Hosts, JackSettings? ListenerJack = null,
    ConductorSettings? Conductor = null)
{
    public ConductorSettings ConductorOrDefault => Conductor ?? ConductorSettings.Default;

    // Made once for the array it was made from (a copy made with 'with' gets its own), as Orchestra's lookups are.
    private (ImmutableArray<Host> Of, FrozenDictionary<string, Host> Index)? _hosts;

    public Host? Find(string name)
    {
        if (_hosts is not { } cached || cached.Of != Hosts)
            _hosts = cached = (Hosts, Hosts.ToFrozenDictionary(h => h.Name, StringComparer.Ordinal));
        return cached.Index.GetValueOrDefault(name);
    }
}
