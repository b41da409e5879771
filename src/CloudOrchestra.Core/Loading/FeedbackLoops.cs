using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// Feedback is legal in music, so cycles in the block graph are only warned about: a musician who did
/// not mean one learns of it before it howls.
/// </summary>
internal static class FeedbackLoops
{
    public static void Warn(IReadOnlyList<Block> blocks, IReadOnlyList<Connection> connections,
        DiagnosticBag diagnostics)
    {
        var successors = blocks.ToDictionary(b => b.Name, _ => new List<string>());
        foreach (var c in connections) successors[c.Source].Add(c.Sink);
        var firstBetween = new Dictionary<(string, string), Connection>();
        foreach (var c in connections) firstBetween.TryAdd((c.Source, c.Sink), c);
        foreach (var loop in FindLoops(blocks.Select(b => b.Name), successors))
        {
            var closing = firstBetween[(loop[^1], loop[0])];   // once per loop
            diagnostics.Warning(closing.Origin, $"feedback loop: {string.Join(" → ", loop.Append(loop[0]))}");
        }
    }

    /// <summary>
    /// One representative cycle per strongly connected component (Tarjan), in graph order. Iterative, with a stack of
    /// its own: a chain of 100,000 blocks is 100,000 calls deep, more than a thread's stack holds.
    /// </summary>
    private static List<List<string>> FindLoops(IEnumerable<string> names, Dictionary<string, List<string>> successors)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var loops = new List<List<string>>();
        var visiting = new Stack<(string Vertex, int Next)>();

        foreach (var root in names)
        {
            if (index.ContainsKey(root)) continue;
            Enter(root);
            while (visiting.Count > 0)
            {
                var (v, next) = visiting.Pop();
                var edges = successors[v];
                if (next < edges.Count)
                {
                    visiting.Push((v, next + 1));
                    var w = edges[next];
                    if (!index.ContainsKey(w)) Enter(w);
                    else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
                    continue;
                }
                if (visiting.Count > 0) low[visiting.Peek().Vertex] = Math.Min(low[visiting.Peek().Vertex], low[v]);
                if (low[v] != index[v]) continue;
                var component = new HashSet<string>();
                string x;
                do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
                if (component.Count > 1 || successors[v].Contains(v)) loops.Add(CycleThrough(v, component, successors));
            }
        }
        return loops;

        void Enter(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            visiting.Push((v, 0));
        }
    }

    /// <summary>A shortest path back to <paramref name="start"/> inside its component.</summary>
    private static List<string> CycleThrough(string start, HashSet<string> component,
        Dictionary<string, List<string>> successors)
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
