using System.Collections.Immutable;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Tests.Planning;

/// <summary>Orchestras built in memory, and the brute force that every optimizer result is checked against.</summary>
internal static class Models
{
    private static readonly SourceLocation Nowhere = new("test", 1, 1);

    public static Block Block(string name, int cores = 1, string? pin = null) =>
        new(name, new Module($"m{cores}", SynthEngine.Csound, "m.csd", 1, 1, cores, "/m", Nowhere),
            pin is null ? null : new Pin(pin, Nowhere),
            ImmutableSortedDictionary<string, string>.Empty, false, Nowhere);

    public static Orchestra Orchestra(IEnumerable<Block> blocks, IEnumerable<(string Source, string Sink)> connections,
        params string[] aliases) =>
        OrchestraWithChannels(blocks, connections.Select(c => (c.Source, c.Sink, 1)), aliases);

    /// <summary>With each connection's channel count: its weight in the cost.</summary>
    public static Orchestra OrchestraWithChannels(IEnumerable<Block> blocks,
        IEnumerable<(string Source, string Sink, int Channels)> connections, params string[] aliases) =>
        new("/orch", "synthdef.json", [.. blocks],
            [.. connections.Select(c => new Connection(c.Source, c.Sink, 1, 1, c.Channels, Nowhere))], [.. aliases]);

    public static Resources Hosts(params int[] cores) =>
        new("hosts.json", [.. cores.Select((c, i) =>
            new Host($"h{i + 1}", $"10.77.0.{11 + i}", "music", c, 22, null, JackSettings.Default, Nowhere))]);

    /// <summary>
    /// Every legal allocation: pins hold, blocks of one alias share a machine, distinct aliases do not.
    /// </summary>
    public static IEnumerable<Dictionary<string, string>> AllAllocations(Orchestra orchestra, Resources resources)
    {
        var aliases = orchestra.HostAliases.Where(a => orchestra.Blocks.Any(b => b.Pin?.Host == a)).ToList();
        var free = orchestra.Blocks.Where(b => b.Pin is null).Select(b => b.Name).ToList();
        var hosts = resources.Hosts.Select(h => h.Name).ToList();
        var choices = aliases.Count + free.Count;
        var total = (long)Math.Pow(hosts.Count, choices);
        for (long code = 0; code < total; code++)
        {
            var pick = new int[choices];
            var rest = code;
            for (var i = 0; i < choices; i++) { pick[i] = (int)(rest % hosts.Count); rest /= hosts.Count; }
            if (pick.Take(aliases.Count).Distinct().Count() < aliases.Count) continue;
            var aliasHost = aliases.Select((a, i) => (a, hosts[pick[i]])).ToDictionary();
            var freeHost = free.Select((b, i) => (b, hosts[pick[aliases.Count + i]])).ToDictionary();
            yield return orchestra.Blocks.ToDictionary(b => b.Name, b =>
                b.Pin is null ? freeHost[b.Name] : aliasHost.TryGetValue(b.Pin.Host, out var h) ? h : b.Pin.Host);
        }
    }

    public static double EnumeratedOptimum(Orchestra orchestra, Resources resources, double alpha) =>
        AllAllocations(orchestra, resources).Min(a => CostModel.Evaluate(orchestra, resources, a, alpha).Total);
}
