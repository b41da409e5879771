using System.Globalization;
using System.Text;
using CloudOrchestra.Bench.Placement;

// Placement benchmark: generated orchestras, every contender as a whole process, all scored with our cost model.
// Usage: placement-bench ROOT [--time-limit SECONDS] [--out FILE] [--min-blocks N] [--max-blocks N]
//        [--only NAME,...] [--solvers ours,glpsol,cbc,gpmetis,least-loaded]
var root = Path.GetFullPath(args[0]);
var regenerate = string.Join(' ', args.Skip(1).Prepend("bench/placement/run"));
HashSet<string>? only = null;
string[] contenders = ["ours", "glpsol", "cbc", "gpmetis", "least-loaded"];
double timeLimit = 10;
var output = Path.Combine(root, "bench", "RESULTS.md");
var maxBlocks = int.MaxValue;
var minBlocks = 0;
for (var k = 1; k < args.Length; k += 2)
{
    switch (args[k])
    {
        case "--time-limit": timeLimit = double.Parse(args[k + 1], CultureInfo.InvariantCulture); break;
        case "--out": output = Path.GetFullPath(args[k + 1]); break;
        case "--max-blocks": maxBlocks = int.Parse(args[k + 1]); break;
        case "--min-blocks": minBlocks = int.Parse(args[k + 1]); break;
        case "--only": only = [.. args[k + 1].Split(',')]; break;         // instance names, as in the results
        case "--solvers": contenders = ["ours", .. args[k + 1].Split(',').Where(c => c != "ours")]; break;
        case "--write":
            // --write FAMILY/BLOCKS/HOSTS/tight|slack/pins|nopins DIR: write one instance, for profiling
            var f = args[k + 1].Split('/');
            Instance.Generate(f[0], int.Parse(f[1]), int.Parse(f[2]), f[3] == "tight", f[4] == "pins", seed: 1)
                .Write(args[k + 2]);
            return;
        default: throw new ArgumentException($"unknown option {args[k]}");
    }
}
const int IntegerProgramBlocks = 100;   // beyond, the 0-1 program has too many variables to even load quickly
(int Blocks, int Hosts)[] sizes = [(10, 2), (16, 5), (24, 6), (32, 8), (100, 10), (1000, 100), (10000, 1000)];
string[] families = ["chain", "tree", "fanin", "random"];

var work = Directory.CreateTempSubdirectory("placement-bench-");
var rows = new List<(Instance Instance, Dictionary<string, (Outcome Outcome, long Overflow, long Remote)?> Results)>();
foreach (var (blocks, hosts) in sizes.Where(s => s.Blocks <= maxBlocks && s.Blocks >= minBlocks))
{
    foreach (var family in families)
    {
        foreach (var tight in new[] { true, false })
        {
            foreach (var pins in new[] { false, true })
            {
                var instance = Instance.Generate(family, blocks, hosts, tight, pins, seed: 1);
                if (only is not null && !only.Contains(instance.Name)) continue;
                var dir = Path.Combine(work.FullName, instance.Name);
                instance.Write(dir);
                var alpha = instance.Connections.Length + 1.0;
                var results = new Dictionary<string, (Outcome, long, long)?>();
                (Outcome, long, long)? Score(Outcome o) => o.HostOf is null
                    ? (o, -1, -1)
                    : (o, Overflow(instance, o.HostOf), Remote(instance, o.HostOf));
                results["ours"] = Score(Solvers.Ours(root, instance, dir, timeLimit));
                if (blocks <= IntegerProgramBlocks && (contenders.Contains("glpsol") || contenders.Contains("cbc")))
                {
                    var lp = Path.Combine(dir, "placement.lp");
                    Solvers.WriteIntegerProgram(instance, alpha, lp);
                    if (contenders.Contains("glpsol"))
                        results["glpsol"] = Score(Solvers.Glpsol(instance, lp, dir, timeLimit));
                    if (contenders.Contains("cbc")) results["cbc"] = Score(Solvers.Cbc(instance, lp, dir, timeLimit));
                }
                // gpmetis cannot pin
                if (contenders.Contains("gpmetis"))
                    results["gpmetis"] = pins ? null : Score(Solvers.Gpmetis(instance, dir));
                if (contenders.Contains("least-loaded")) results["least-loaded"] = Score(Solvers.LeastLoaded(instance));
                rows.Add((instance, results));
                Console.Error.WriteLine($"{instance.Name}: " + string.Join("  ", contenders.Where(results.ContainsKey)
                    .Select(c => $"{c} {Show(results[c])}")));
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
work.Delete(recursive: true);

static long Overflow(Instance i, int[] hostOf)
{
    var load = new long[i.Hosts];
    for (var b = 0; b < i.Blocks; b++) load[hostOf[b]] += i.Cores[b];
    return load.Select((l, h) => Math.Max(0, l - i.HostCores[h])).Sum();
}

static long Remote(Instance i, int[] hostOf) => i.Connections.Count(c => hostOf[c.Source] != hostOf[c.Sink]);

static string Show((Outcome Outcome, long Overflow, long Remote)? r) => r is not { } x ? "–"
    : x.Overflow < 0 ? $"{x.Outcome.Status}, {x.Outcome.Time.TotalSeconds:0.00} s"
    : $"{x.Overflow}/{x.Remote} ({x.Outcome.Status}, {x.Outcome.Time.TotalSeconds:0.00} s)";

// Overflow first, then remote links: negative when a is better.
static int Compare((Outcome Outcome, long Overflow, long Remote) a, (Outcome Outcome, long Overflow, long Remote) b) =>
    a.Overflow != b.Overflow ? a.Overflow.CompareTo(b.Overflow) : a.Remote.CompareTo(b.Remote);

var md = new StringBuilder();
md.AppendLine("# Placement: CloudOrchestra against glpsol, cbc, gpmetis and the prototype's least-loaded fallback");
md.AppendLine();
md.AppendLine($"Regenerate: `{regenerate}` (time limit {timeLimit} s for every solver). "
    + $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores.");
md.AppendLine("Every contender runs as a whole process (ours: `orchestra plan DIR --json --time-limit S`, "
    + ".NET start-up included)");
md.AppendLine("and every plan is scored with our cost model. "
    + "Cells: overflow/remote links (status, seconds); α = connections + 1.");
md.AppendLine($"glpsol and cbc solve the paper's cost (Equation 1) as a 0-1 program "
    + $"(x[block,host], overflow per host, one remote");
md.AppendLine($"indicator per connection); they are run up to {IntegerProgramBlocks} blocks. "
    + $"gpmetis gets cores as vertex weights, connection counts");
md.AppendLine(
    "as edge weights and part weights in proportion to machines' cores; it cannot pin, so it is not run with pins.");
md.AppendLine("Instances: `Instance.Generate` (seed 1): chains, trees, fan-in mixers, random sparse graphs; "
    + "tight (cores ≈ demand) or");
md.AppendLine("slack (2×) machines of uneven sizes; with or without one block in ten pinned.");
md.AppendLine();

md.AppendLine("## Targets");
md.AppendLine();
var small = rows.Where(r => r.Instance.Blocks <= 32 && r.Instance.Hosts <= 8).ToList();
var provenFast = small.Count(r => r.Results["ours"] is { } o && o.Outcome.Status == "optimal"
    && o.Outcome.Time.TotalSeconds < 1);
if (small.Count > 0)
    md.AppendLine($"- Up to 32 blocks on 8 hosts, proven optimal in under 1 s: **{provenFast} of {small.Count}**.");
var slowCbc = rows.Where(r => r.Results.GetValueOrDefault("cbc") is { } c
    && (c.Outcome.Time.TotalSeconds >= timeLimit || c.Outcome.Status != "optimal")).ToList();
if (slowCbc.Count > 0)
{
    var slowRatios = slowCbc.Select(r => r.Results["cbc"]!.Value.Outcome.Time.TotalSeconds
        / r.Results["ours"]!.Value.Outcome.Time.TotalSeconds).ToList();
    md.AppendLine($"- Where cbc did not prove optimality within the {timeLimit} s limit ({slowCbc.Count} instances), "
        + $"we answered {slowRatios.Min():0}× to {slowRatios.Max():0}× sooner"
        + $" (a lower bound: cbc was stopped); we proved optimality in "
        + $"{slowCbc.Count(r => r.Results["ours"]!.Value.Outcome.Status == "optimal")} of them.");
}
var cbcOver100 = rows.Where(r => r.Results.GetValueOrDefault("cbc") is { } c && c.Outcome.Time.TotalSeconds > 100)
    .ToList();
if (cbcOver100.Count > 0)
{
    var fast = cbcOver100.Where(r => r.Results["ours"]!.Value.Outcome.Status == "optimal").ToList();
    var ratios = fast.Select(r => r.Results["cbc"]!.Value.Outcome.Time.TotalSeconds
        / r.Results["ours"]!.Value.Outcome.Time.TotalSeconds).ToList();
    md.AppendLine($"- Where cbc needed more than 100 s ({cbcOver100.Count} instances): "
        + $"we proved optimality in {fast.Count} of them"
        + (fast.Count > 0
            ? $", {ratios.Min():0}× to {ratios.Max():0}× sooner (cbc's time over ours; a lower bound where cbc was "
                + $"stopped at the limit); at least 100× in {ratios.Count(x => x >= 100)}."
            : "."));
}
foreach (var (b, h, limit) in new[] { (1000, 100, 1.0), (10000, 1000, 5.0) })
{
    var at = rows.Where(r => r.Instance.Blocks == b && r.Instance.Hosts == h)
        .Select(r => r.Results["ours"]!.Value.Outcome.Time.TotalSeconds).ToList();
    if (at.Count > 0)
        md.AppendLine($"- {b} blocks on {h} hosts under {limit} s: slowest {at.Max():0.00} s, "
            + $"median {at.Order().ElementAt(at.Count / 2):0.00} s ({at.Count(t => t < limit)} of {at.Count} under).");
}
var memory = new[] { (1000, 100), (10000, 1000) }
    .Select(s => (Size: s, Kb: rows.Where(r => r.Instance.Blocks == s.Item1 && r.Instance.Hosts == s.Item2)
        .Select(r => r.Results["ours"]!.Value.Outcome.MaxRssKb).OfType<long>().Order().ToList()))
    .Where(m => m.Kb.Count > 0).ToList();
if (memory.Count == 2)
{
    var (small1000, large) = (memory[0].Kb[memory[0].Kb.Count / 2], memory[1].Kb[memory[1].Kb.Count / 2]);
    md.AppendLine($"- Memory (peak resident, whole process, median): "
        + $"{small1000 / 1024.0:0} MB for 1000 blocks on 100 hosts, {large / 1024.0:0} MB for 10000 on 1000:"
        + $" ten times the orchestra takes {(double)large / small1000:0.0}× the memory.");
}
var metis = rows.Where(r => r.Results.GetValueOrDefault("gpmetis") is { } g && g.Overflow >= 0).ToList();
var worse = metis.Where(r => Compare(r.Results["ours"]!.Value, r.Results["gpmetis"]!.Value) > 0).ToList();
if (metis.Count > 0)
{
    md.AppendLine($"- Against gpmetis, wherever it returned a partition ({metis.Count} instances): "
        + $"ours no worse in **{metis.Count - worse.Count} of {metis.Count}**"
        + (worse.Count > 0 ? $"; worse in {string.Join(", ", worse.Select(r => r.Instance.Name))}." : "."));
}
md.AppendLine();

md.AppendLine("## By family: our cost against each contender's");
md.AppendLine();
md.AppendLine("Per family, over every size and variant where both gave a plan: "
    + "how often ours is better / equal / worse (overflow first,");
md.AppendLine(
    "then remote links), their total remote links over ours where overflows tie, and their median time over ours.");
md.AppendLine();
md.AppendLine(
    "| family | against | better / equal / worse | their remote links ÷ ours | their time ÷ ours (median) |");
md.AppendLine("| --- | --- | ---: | ---: | ---: |");
foreach (var family in families)
{
    foreach (var other in contenders.Skip(1))
    {
        var both = rows.Where(r => r.Instance.Family == family
            && r.Results.GetValueOrDefault(other) is { Overflow: >= 0 }).ToList();
        if (both.Count == 0) continue;
        var cmp = both.Select(r => Compare(r.Results["ours"]!.Value, r.Results[other]!.Value)).ToList();
        var tied = both.Where(r => r.Results["ours"]!.Value.Overflow == r.Results[other]!.Value.Overflow).ToList();
        var remoteRatio = tied.Sum(r => (double)r.Results[other]!.Value.Remote)
            / Math.Max(1, tied.Sum(r => (double)r.Results["ours"]!.Value.Remote));
        var times = both.Select(r => r.Results[other]!.Value.Outcome.Time.TotalSeconds
            / r.Results["ours"]!.Value.Outcome.Time.TotalSeconds).Order().ToList();
        md.AppendLine($"| {family} | {other} | "
            + $"{cmp.Count(c => c < 0)} / {cmp.Count(c => c == 0)} / {cmp.Count(c => c > 0)} | "
            + $"{remoteRatio:0.00} | {times[times.Count / 2]:0.###} |");
    }
}
md.AppendLine();
md.AppendLine("## Every instance");
md.AppendLine();
md.AppendLine("| instance | " + string.Join(" | ", contenders) + " |");
md.AppendLine("| --- |" + string.Concat(contenders.Select(_ => " --- |")));
foreach (var (instance, results) in rows)
    md.AppendLine($"| {instance.Name} | "
        + string.Join(" | ", contenders.Select(c => Show(results.GetValueOrDefault(c)))) + " |");
File.WriteAllText(output, md.ToString());
Console.WriteLine(md.ToString());
