using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CloudOrchestra.Bench.Placement;

/// <summary>
/// What a solver returned: block → machine index (null when it gave nothing), wall time, and its own verdict.
/// </summary>
/// <param name="MaxRssKb">The process's peak resident memory (ours only: measured with /usr/bin/time).</param>
public sealed record Outcome(int[]? HostOf, TimeSpan Time, string Status, long? MaxRssKb = null);

/// <summary>Each contender runs as a whole process, as a user would run it, with the same time limit.</summary>
public static partial class Solvers
{
    public static Outcome Ours(string root, Instance instance, string dir, double timeLimit)
    {
        var rss = Path.Combine(dir, "max-rss");
        var (code, stdout, time) = Run("/usr/bin/time", ["-f", "%M", "-o", rss, Path.Combine(root, "orchestra"),
            "plan", dir, "--hosts", Path.Combine(dir, "hosts.json"), "--json", "--time-limit", $"{timeLimit}"],
            timeLimit * 4 + 60);
        if (code != 0) return new Outcome(null, time, $"exit {code}");
        long? maxRss = File.Exists(rss) && long.TryParse(File.ReadAllText(rss).Trim(), out var kb) ? kb : null;
        using var doc = JsonDocument.Parse(stdout);
        var hostOf = new int[instance.Blocks];
        foreach (var p in doc.RootElement.GetProperty("allocation").EnumerateObject())
            hostOf[int.Parse(p.Name[1..])] = int.Parse(p.Value.GetString()![1..]);
        return new Outcome(hostOf, time,
            doc.RootElement.GetProperty("optimal").GetBoolean() ? "optimal" : "feasible", maxRss);
    }

    /// <summary>
    /// The paper's cost (Equation 1) as a 0-1 program: x[b,h] places b on h, o[h] is h's overflow, y[c] is 1 when c is
    /// remote.
    /// </summary>
    public static void WriteIntegerProgram(Instance i, double alpha, string path)
    {
        using var w = new StreamWriter(path);
        var a = alpha.ToString(CultureInfo.InvariantCulture);
        // A pinned block has one variable, on its machine; elsewhere it is absent (zero).
        bool Allowed(int b, int h) => i.Pin[b] is not { } pin || pin == h;
        string X(int b, int h) => Allowed(b, h) ? $"x{b}_{h}" : "";
        w.WriteLine("Minimize");
        w.Write(" cost:");
        for (var h = 0; h < i.Hosts; h++) w.Write($" + {a} o{h}");
        for (var c = 0; c < i.Connections.Length; c++) w.Write($" + y{c}");
        w.WriteLine();
        w.WriteLine("Subject To");
        for (var b = 0; b < i.Blocks; b++)
        {
            w.Write($" one{b}:");
            for (var h = 0; h < i.Hosts; h++) if (Allowed(b, h)) w.Write($" + x{b}_{h}");
            w.WriteLine(" = 1");
        }
        for (var h = 0; h < i.Hosts; h++)
        {
            w.Write($" cap{h}:");
            for (var b = 0; b < i.Blocks; b++) if (Allowed(b, h)) w.Write($" + {i.Cores[b]} x{b}_{h}");
            w.WriteLine($" - o{h} <= {i.HostCores[h]}");
        }
        for (var c = 0; c < i.Connections.Length; c++)
        {
            var (s, t) = i.Connections[c];
            for (var h = 0; h < i.Hosts; h++)
            {
                if (!Allowed(s, h)) continue;      // x[s,h] is zero: nothing to force
                w.WriteLine($" r{c}_{h}: x{s}_{h}" + (Allowed(t, h) ? $" - {X(t, h)}" : "") + $" - y{c} <= 0");
            }
        }
        w.WriteLine("Bounds");
        for (var c = 0; c < i.Connections.Length; c++) w.WriteLine($" 0 <= y{c} <= 1");
        w.WriteLine("Binary");
        for (var b = 0; b < i.Blocks; b++)
            for (var h = 0; h < i.Hosts; h++) if (Allowed(b, h)) w.WriteLine($" x{b}_{h}");
        w.WriteLine("End");
    }

    public static Outcome Glpsol(Instance i, string lp, string dir, double timeLimit)
    {
        var output = Path.Combine(dir, "glpsol.txt");
        var (code, _, time) = Run("glpsol", ["--lp", lp, "--tmlim", $"{(int)Math.Ceiling(timeLimit)}", "-o", output],
            timeLimit * 3 + 60);
        if (code != 0 || !File.Exists(output)) return new Outcome(null, time, $"exit {code}");
        var text = File.ReadAllText(output);
        var status = Regex.Match(text, @"Status:\s+(\S+( \S+)?)").Groups[1].Value;
        // Columns: "No. name [*] activity ..." with long names alone on their line, the numbers on the next.
        var values = new Dictionary<string, double>();
        var lines = text[text.IndexOf("Column name", StringComparison.Ordinal)..].Split('\n');
        for (var k = 0; k < lines.Length; k++)
        {
            var m = Regex.Match(lines[k], @"^\s*\d+\s+(\S+)\s*(.*)$");
            if (!m.Success) continue;
            var rest = m.Groups[2].Value.Trim();
            if (rest.Length == 0 && k + 1 < lines.Length) rest = lines[++k].Trim();
            var fields = rest.TrimStart('*').Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], CultureInfo.InvariantCulture, out var v))
                values[m.Groups[1].Value] = v;
        }
        var hostOf = FromX(i, values);
        return new Outcome(hostOf, time, hostOf is null
            ? $"no solution ({status})"
            : status == "INTEGER OPTIMAL" ? "optimal" : status.ToLowerInvariant());
    }

    public static Outcome Cbc(Instance i, string lp, string dir, double timeLimit)
    {
        var solution = Path.Combine(dir, "cbc.txt");
        var (code, _, time) = Run("cbc", [lp, "sec", $"{timeLimit}", "solve", "solu", solution], timeLimit * 3 + 60);
        if (!File.Exists(solution)) return new Outcome(null, time, $"exit {code}");
        var lines = File.ReadAllLines(solution);
        var values = new Dictionary<string, double>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 3) values[f[1]] = double.Parse(f[2], CultureInfo.InvariantCulture);
        }
        var hostOf = FromX(i, values);
        var status = lines.Length > 0 && lines[0].StartsWith("Optimal", StringComparison.Ordinal)
            ? "optimal"
            : "stopped";
        return new Outcome(hostOf, time, hostOf is null ? "no solution" : status);
    }

    private static int[]? FromX(Instance i, Dictionary<string, double> values)
    {
        var hostOf = Enumerable.Repeat(-1, i.Blocks).ToArray();
        foreach (var (name, v) in values)
        {
            if (v < 0.5 || name[0] != 'x') continue;
            var parts = name[1..].Split('_');
            hostOf[int.Parse(parts[0])] = int.Parse(parts[1]);
        }
        return hostOf.All(h => h >= 0) ? hostOf : null;
    }

    /// <summary>
    /// gpmetis on the undirected graph: vertex weights are cores, edge weights connection counts, part sizes in
    /// proportion to machines' cores.
    /// </summary>
    public static Outcome Gpmetis(Instance i, string dir)
    {
        var adjacency = Enumerable.Range(0, i.Blocks).Select(_ => new Dictionary<int, int>()).ToArray();
        foreach (var (s, t) in i.Connections)
        {
            adjacency[s][t] = adjacency[s].GetValueOrDefault(t) + 1;
            adjacency[t][s] = adjacency[t].GetValueOrDefault(s) + 1;
        }
        var graph = Path.Combine(dir, "graph.metis");
        var text = new StringBuilder();
        text.Append($"{i.Blocks} {adjacency.Sum(a => a.Count) / 2} 011\n");
        for (var b = 0; b < i.Blocks; b++)
        {
            text.Append(i.Cores[b]);
            foreach (var (n, c) in adjacency[b].OrderBy(kv => kv.Key)) text.Append($" {n + 1} {c}");
            text.Append('\n');
        }
        File.WriteAllText(graph, text.ToString());
        var weights = Path.Combine(dir, "tpwgts.txt");
        var total = (double)i.HostCores.Sum();
        File.WriteAllLines(weights,
            i.HostCores.Select((c, h) => $"{h} = {(c / total).ToString("0.######", CultureInfo.InvariantCulture)}"));
        var (code, _, time) = Run("gpmetis", [$"-tpwgts={weights}", graph, $"{i.Hosts}"], 600);
        var part = $"{graph}.part.{i.Hosts}";
        if (code != 0 || !File.Exists(part)) return new Outcome(null, time, $"exit {code}");
        return new Outcome([.. File.ReadAllLines(part).Where(l => l.Length > 0).Select(int.Parse)], time, "partition");
    }

    /// <summary>
    /// The prototype's fallback: pins where pinned, every other block on the machine with the most free cores.
    /// </summary>
    public static Outcome LeastLoaded(Instance i)
    {
        var clock = Stopwatch.StartNew();
        var load = new int[i.Hosts];
        var hostOf = new int[i.Blocks];
        for (var b = 0; b < i.Blocks; b++)
        {
            if (i.Pin[b] is { } pin) { hostOf[b] = pin; load[pin] += i.Cores[b]; }
        }
        for (var b = 0; b < i.Blocks; b++)
        {
            if (i.Pin[b] is not null) continue;
            var best = 0;
            for (var h = 1; h < i.Hosts; h++) if (i.HostCores[h] - load[h] > i.HostCores[best] - load[best]) best = h;
            hostOf[b] = best;
            load[best] += i.Cores[b];
        }
        return new Outcome(hostOf, clock.Elapsed, "heuristic");
    }

    private static (int Code, string Stdout, TimeSpan Time) Run(string program, IEnumerable<string> args,
        double timeoutSeconds)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, "", clock.Elapsed);
        }
        var time = clock.Elapsed;
        return (process.ExitCode, stdout.Result, time);
    }
}
