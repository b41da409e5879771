using System.Diagnostics;

namespace CloudOrchestra.Planning.Search;

/// <summary>
/// Exact search: depth-first over units in search order, pruned by a lower bound, started from the
/// heuristic's plan. Empty machines that are interchangeable (same cores, nothing pinned to them) are
/// tried once, not once each. Finishing the search proves the best plan found optimal.
/// </summary>
internal sealed class BranchAndBound
{
    private const double Epsilon = 1e-9;

    /// <summary>Beyond this many units the search could not finish anyway, and would recurse too deep.</summary>
    public const int MaxUnits = 2000;

    private readonly PlacementProblem _p;
    private readonly int[] _order;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _timeLimit;
    private readonly int[] _hostClass;

    private readonly int[] _hostOf;
    private readonly int[] _load;
    private readonly int[] _unitsOn;
    private readonly bool[] _aliasTaken;

    /// <summary>Per unit and host: connections that would be local there, given the units placed so far.</summary>
    private readonly int[][] _attach;
    private readonly int[] _attachTotal;

    /// <summary>Per depth, the hosts to try for its unit (in order); and the costs they were sorted by.</summary>
    private readonly int[][] _candidates;
    private readonly double[] _candidateCosts;

    private int[] _best;
    private double _bestCost;
    private long _nodes;
    private long _nodeLimit = long.MaxValue;
    private bool _stopped;

    private BranchAndBound(PlacementProblem problem, int[] order, int[] incumbent, TimeSpan timeLimit)
    {
        _p = problem;
        _order = order;
        _timeLimit = timeLimit;
        _hostClass = InterchangeableClasses(problem);
        _hostOf = Enumerable.Repeat(-1, problem.UnitCount).ToArray();
        _load = (int[])problem.FixedLoad.Clone();
        _unitsOn = new int[problem.HostCount];
        _aliasTaken = new bool[problem.HostCount];
        _attach = new int[problem.UnitCount][];
        _attachTotal = new int[problem.UnitCount];
        for (var u = 0; u < problem.UnitCount; u++)
        {
            _attach[u] = new int[problem.HostCount];
            foreach (var a in problem.Anchors[u]) _attach[u][a.Other] += a.Count;
            _attachTotal[u] = problem.AnchorTotal[u];
        }
        _candidates = new int[problem.UnitCount][];
        for (var d = 0; d < problem.UnitCount; d++) _candidates[d] = new int[problem.HostCount];
        _candidateCosts = new double[problem.HostCount];
        _freeRooms = new int[problem.HostCount];
        _componentStamp = new int[problem.UnitCount];
        _componentStack = new int[problem.UnitCount];
        _best = (int[])incumbent.Clone();
        _bestCost = problem.Evaluate(incumbent);
    }

    /// <summary>The best assignment found, its cost, whether it is proven optimal, and a proven lower bound.</summary>
    public static (int[] HostOf, double Cost, bool Optimal, double LowerBound) Search(
        PlacementProblem problem, int[] order, int[] incumbent, TimeSpan timeLimit, long nodeLimit = long.MaxValue)
    {
        var search = new BranchAndBound(problem, order, incumbent, timeLimit) { _nodeLimit = nodeLimit };
        var pinnedOverflow = problem.PinnedOverflow();
        var rootBound = search.Bound(0, problem.ConstantRemote, pinnedOverflow);
        if (problem.UnitCount > MaxUnits) search._stopped = true;
        else if (rootBound < search._bestCost - Epsilon) search.Branch(0, problem.ConstantRemote, pinnedOverflow);
        var optimal = !search._stopped;
        return (search._best, search._bestCost, optimal,
            optimal ? search._bestCost : Math.Min(rootBound, search._bestCost));
    }

    /// <param name="depth">How many units of the order are placed.</param>
    /// <param name="cut">Remote connections already decided.</param>
    /// <param name="overflow">Overflow of the loads so far (it can only grow).</param>
    private void Branch(int depth, int cut, int overflow)
    {
        if (depth == _order.Length)
        {
            var cost = _p.Alpha * overflow + cut;
            if (cost < _bestCost - Epsilon)
            {
                _bestCost = cost;
                _best = (int[])_hostOf.Clone();
            }
            return;
        }
        if ((++_nodes & 1023) == 0 && (_clock.Elapsed > _timeLimit || _nodes > _nodeLimit)) _stopped = true;
        if (_stopped) return;

        var u = _order[depth];
        var unit = _p.Units[u];
        var candidates = _candidates[depth];
        var count = Candidates(u, candidates);
        for (var c = 0; c < count; c++)
        {
            var h = candidates[c];
            var addedOverflow = _p.AddedOverflow(h, _load[h], unit.Weight);
            var addedCut = _attachTotal[u] - _attach[u][h];
            Place(u, h);
            if (Bound(depth + 1, cut + addedCut, overflow + addedOverflow) < _bestCost - Epsilon)
            {
                Branch(depth + 1, cut + addedCut, overflow + addedOverflow);
            }
            Unplace(u, h);
            if (_stopped) return;
        }
    }

    /// <summary>Hosts to try for a unit, cheapest first (then by number), into <paramref name="hosts"/>; one empty host
    /// per class of interchangeable hosts. Returns how many.</summary>
    private int Candidates(int u, int[] hosts)
    {
        var unit = _p.Units[u];
        var costs = _candidateCosts;
        var count = 0;
        for (var h = 0; h < _p.HostCount; h++)
        {
            if (unit.IsAlias && _aliasTaken[h]) continue;
            if (_unitsOn[h] == 0 && _hostClass[h] >= 0 && EmptyOfClassListed(hosts, count, _hostClass[h])) continue;
            var cost = _p.Alpha * _p.AddedOverflow(h, _load[h], unit.Weight) + _attachTotal[u] - _attach[u][h];
            var k = count++;
            while (k > 0 && costs[k - 1] > cost)                    // insertion: stable, so equal costs keep host order
            {
                costs[k] = costs[k - 1];
                hosts[k] = hosts[k - 1];
                k--;
            }
            costs[k] = cost;
            hosts[k] = h;
        }
        return count;
    }

    private bool EmptyOfClassListed(int[] hosts, int count, int hostClass)
    {
        for (var i = 0; i < count; i++)
        {
            if (_unitsOn[hosts[i]] == 0 && _hostClass[hosts[i]] == hostClass) return true;
        }
        return false;
    }

    /// <summary>
    /// Decided cost, plus the larger of two bounds on what the unplaced units must still add (links among
    /// unplaced units are ignored by both; (3) below adds some of those):
    /// (1) the overflow their cores cause beyond all free cores, plus for each unit the links to placed units
    ///     it loses even on its best-linked machine;
    /// (2) for each unit alone, the least it can add on any one machine: the links it loses there plus α times
    ///     the overflow it adds there. Overflow is convex in a machine's load, so units sharing a machine add at
    ///     least the sum of what each adds alone: the sum of these minima is a bound. It bites when cores are
    ///     tight: a unit whose neighbours' machine is full must pay in links or in overflow.
    /// </summary>
    private double Bound(int depth, int cut, int overflow)
    {
        var remaining = 0;
        var linksLost = 0;
        var alone = 0.0;
        for (var i = depth; i < _order.Length; i++)
        {
            var u = _order[i];
            var w = _p.Units[u].Weight;
            remaining += w;
            var bestLocal = 0;
            var least = double.MaxValue;
            var attach = _attach[u];
            for (var h = 0; h < attach.Length; h++)
            {
                var local = attach[h];
                if (local > bestLocal) bestLocal = local;
                var added = _p.Alpha * _p.AddedOverflow(h, _load[h], w)
                    + _attachTotal[u] - local;
                if (added < least) least = added;
            }
            linksLost += _attachTotal[u] - bestLocal;
            alone += least;
        }
        var free = 0;
        var largest = 0;
        for (var h = 0; h < _p.HostCount; h++)
        {
            var room = Math.Max(0, _p.Capacity[h] - _load[h]);
            free += room;
            largest = Math.Max(largest, room);
        }
        var global = _p.Alpha * Math.Max(0, remaining - free) + linksLost;
        var bound = _p.Alpha * overflow + cut + Math.Max(global, alone);
        // (3) Links among unplaced units, which (1) and (2) ignore. Once one more core of overflow costs more than the
        // best plan, no better plan overfills a machine: a connected group of unplaced units heavier than the largest
        // free room spreads over several machines, and a connected group on q machines has at least q-1 of its links
        // cut. These links are between unplaced units only, so they add to either bound.
        if (remaining > largest && bound < _bestCost - Epsilon
            && _p.Alpha * (overflow + 1) + cut >= _bestCost - Epsilon)
        {
            bound += SplitLinks(depth, largest);
        }
        return bound;
    }

    private readonly int[] _freeRooms;
    private readonly int[] _componentStamp;
    private readonly int[] _componentStack;
    private int _stamp;

    /// <summary>
    /// For each connected group of unplaced units heavier than the <paramref name="largest"/> free room: the fewest
    /// machines whose free cores hold it, less one. A plan that overfills no machine cuts at least that many of its
    /// links.
    /// </summary>
    private int SplitLinks(int depth, int largest)
    {
        var rooms = _freeRooms;
        for (var h = 0; h < rooms.Length; h++) rooms[h] = Math.Max(0, _p.Capacity[h] - _load[h]);
        Array.Sort(rooms);                                          // ascending: the largest room is last
        _stamp++;
        var split = 0;
        for (var i = depth; i < _order.Length; i++)
        {
            var start = _order[i];
            if (_componentStamp[start] == _stamp) continue;
            var weight = 0;
            var top = 0;
            _componentStack[top++] = start;
            _componentStamp[start] = _stamp;
            while (top > 0)
            {
                var u = _componentStack[--top];
                weight += _p.Units[u].Weight;
                foreach (var e in _p.Neighbors[u])
                {
                    if (_hostOf[e.Other] >= 0 || _componentStamp[e.Other] == _stamp) continue;
                    _componentStamp[e.Other] = _stamp;
                    _componentStack[top++] = e.Other;
                }
            }
            if (weight <= largest) continue;
            var machines = 0;
            var held = 0;
            for (var r = rooms.Length - 1; r >= 0 && held < weight; r--, machines++) held += rooms[r];
            // a group no rooms hold overfills: bound (1) prices that
            split += machines - 1;
        }
        return split;
    }

    private void Place(int u, int h)
    {
        _hostOf[u] = h;
        _load[h] += _p.Units[u].Weight;
        _unitsOn[h]++;
        if (_p.Units[u].IsAlias) _aliasTaken[h] = true;
        foreach (var e in _p.Neighbors[u])
        {
            _attach[e.Other][h] += e.Count;
            _attachTotal[e.Other] += e.Count;
        }
    }

    private void Unplace(int u, int h)
    {
        _hostOf[u] = -1;
        _load[h] -= _p.Units[u].Weight;
        _unitsOn[h]--;
        if (_p.Units[u].IsAlias) _aliasTaken[h] = false;
        foreach (var e in _p.Neighbors[u])
        {
            _attach[e.Other][h] -= e.Count;
            _attachTotal[e.Other] -= e.Count;
        }
    }

    /// <summary>
    /// Hosts with nothing pinned to them and no anchored links are interchangeable with others of equal cores.
    /// </summary>
    private static int[] InterchangeableClasses(PlacementProblem problem)
    {
        var anchored = new bool[problem.HostCount];
        foreach (var edges in problem.Anchors)
        {
            foreach (var a in edges) anchored[a.Other] = true;
        }
        var classes = new int[problem.HostCount];
        for (var h = 0; h < problem.HostCount; h++)
        {
            classes[h] = problem.FixedLoad[h] == 0 && !anchored[h] ? problem.Capacity[h] : -1;
        }
        return classes;
    }
}
