using System.Text.Json;

namespace CloudOrchestra.Bench.Placement;

/// <summary>
/// One generated orchestra: its family and size, blocks (cores, optional pin) and connections, machines' cores.
/// </summary>
public sealed record Instance(string Family, int Blocks, int Hosts, bool Tight, bool Pins, int Seed,
    int[] Cores, int?[] Pin, (int Source, int Sink)[] Connections, int[] HostCores)
{
    public string Name => $"{Family}-{Blocks}b-{Hosts}h-{(Tight ? "tight" : "slack")}{(Pins ? "-pins" : "")}";

    /// <summary>Writes synthdef.json, hosts.json and two modules (1 and 2 cores) into a directory.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, cores) in new[] { ("m1", 1), ("m2", 2) })
        {
            var module = Path.Combine(directory, name);
            Directory.CreateDirectory(module);
            File.WriteAllText(Path.Combine(module, "manifest.json"),
                $$"""{"synth": "csound", "main": "{{name}}.csd", "module": "{{name}}","""
                + $$""" "inputs": 1, "outputs": 1, "cores": {{cores}}}""");
            File.WriteAllText(Path.Combine(module, $"{name}.csd"), "<CsoundSynthesizer></CsoundSynthesizer>\n");
        }
        using (var stream = File.Create(Path.Combine(directory, "synthdef.json")))
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("blocks");
            for (var b = 0; b < Blocks; b++)
            {
                json.WriteStartObject($"b{b}");
                json.WriteString("module", Cores[b] == 1 ? "m1" : "m2");
                if (Pin[b] is { } h) json.WriteString("host", $"h{h}");
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartArray("connections");
            foreach (var (s, t) in Connections)
            {
                json.WriteStartObject();
                json.WriteString("source", $"b{s}");
                json.WriteString("sink", $"b{t}");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        using (var stream = File.Create(Path.Combine(directory, "hosts.json")))
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            for (var h = 0; h < Hosts; h++)
            {
                json.WriteStartObject();
                json.WriteString("name", $"h{h}");
                json.WriteString("host", $"10.0.{h / 250}.{h % 250 + 1}");
                json.WriteString("username", "musician");
                json.WriteNumber("cores", HostCores[h]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
    }

    /// <summary>
    /// Families: chains, trees (each block feeds its parent), fan-in mixers (groups of sources into mixers, mixers
    /// into a master, in levels) and random sparse graphs (about two connections per block). Blocks take 1 core, a
    /// fifth of them 2. Tight: the machines' cores add up to the blocks' (with a little slack when split unevenly);
    /// slack: twice that. Pins: one block in ten pinned to a machine.
    /// </summary>
    public static Instance Generate(string family, int blocks, int hosts, bool tight, bool pins, int seed)
    {
        // A stable seed from the instance's description (string hashes differ from process to process).
        var description = $"{family}/{blocks}/{hosts}/{tight}/{pins}/{seed}";
        var random = new Random(description.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff);
        var cores = Enumerable.Range(0, blocks).Select(_ => random.Next(5) == 0 ? 2 : 1).ToArray();
        var edges = new HashSet<(int, int)>();
        switch (family)
        {
            case "chain":
                for (var b = 1; b < blocks; b++) edges.Add((b - 1, b));
                break;
            case "tree":
                for (var b = 1; b < blocks; b++) edges.Add((b, (b - 1) / 2));
                break;
            case "fanin":
                // Level by level: groups of 3 to 8 blocks feed the next block up, until one master remains.
                var level = Enumerable.Range(0, blocks).ToList();
                var next = new List<int>();
                while (level.Count > 1)
                {
                    next.Clear();
                    for (var i = 0; i < level.Count;)
                    {
                        var group = Math.Min(level.Count - i, 3 + random.Next(6));
                        var mixer = level[i + group - 1];
                        for (var j = i; j < i + group - 1; j++) edges.Add((level[j], mixer));
                        next.Add(mixer);
                        i += group;
                    }
                    level = [.. next];
                }
                break;
            case "random":
                for (var b = 1; b < blocks; b++) edges.Add((random.Next(b), b));           // connected
                for (var k = 0; k < blocks; k++)
                {
                    var (s, t) = (random.Next(blocks), random.Next(blocks));
                    if (s != t && !edges.Contains((t, s))) edges.Add((s, t));
                }
                break;
            default:
                throw new ArgumentException($"unknown family {family}");
        }
        var weight = cores.Sum();
        var total = tight ? weight + hosts / 4 : 2 * weight;
        // Uneven machines: shares drawn at random, at least one core each, adding up to the total.
        var shares = Enumerable.Range(0, hosts).Select(_ => 1 + random.NextDouble() * 3).ToArray();
        var sum = shares.Sum();
        var hostCores = shares.Select(s => Math.Max(1, (int)Math.Floor(s / sum * total))).ToArray();
        for (var i = 0; hostCores.Sum() < total; i = (i + 1) % hosts) hostCores[i]++;
        var pin = new int?[blocks];
        if (pins)
        {
            for (var b = 0; b < blocks; b++) if (random.Next(10) == 0) pin[b] = random.Next(hosts);
        }
        return new Instance(family, blocks, hosts, tight, pins, seed,
            cores, pin, [.. edges.OrderBy(e => e)], hostCores);
    }
}
