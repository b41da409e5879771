using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// Feedback is legal in music, so cycles in the block graph are only warned about: a musician who did
/// not mean one learns of it before it howls.
/// </summary>
internal static class FeedbackLoops
{
    public static void Warn(IReadOnlyList<Block> blocks, IReadOnlyList<Connection> connections, DiagnosticBag diagnostics)
    {
        var successors = blocks.ToDictionary(b => b.Name, _ => new List<string>());
        foreach (var c in connections) successors[c.Source].Add(c.Sink);
        foreach (var loop in FindLoops(blocks.Select(b => b.Name), successors))
        {
            var closing = connections.First(c => c.Source == loop[^1] && c.Sink == loop[0]);   // once per loop
            diagnostics.Warning(closing.Origin, $"feedback loop: {string.Join(" → ", loop.Append(loop[0]))}");
        }
    }

    /// <summary>One representative cycle per strongly connected component (Tarjan), in graph order.</summary>
    private static List<List<string>> FindLoops(IEnumerable<string> names, Dictionary<string, List<string>> successors)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var loops = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in successors[v])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new HashSet<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1 || successors[v].Contains(v)) loops.Add(CycleThrough(v, component, successors));
        }

        foreach (var name in names)
        {
            if (!index.ContainsKey(name)) Visit(name);
        }
        return loops;
    }

    /// <summary>A shortest path back to <paramref name="start"/> inside its component.</summary>
    private static List<string> CycleThrough(string start, HashSet<string> component, Dictionary<string, List<string>> successors)
    {
        var parent = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in successors[v].Where(component.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[^1] != start) path.Add(parent[path[^1]]);
                    path.Reverse();
                    return path;
                }
                if (parent.TryAdd(w, v)) queue.Enqueue(w);
            }
        }
        return [start];
    }
}
