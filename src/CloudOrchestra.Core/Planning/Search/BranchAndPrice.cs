using System.Diagnostics;
using System.Numerics;

namespace CloudOrchestra.Planning.Search;

/// <summary>
/// Exact search over whole machines' contents: a plan is one set of units per machine, and its cost is the sum of
/// the sets' costs (a set pays half of each link leaving it to another unit, every link to a block pinned
/// elsewhere, and α times the overflow it adds). The linear relaxation of choosing one set per machine so that
/// every unit is in exactly one (a set-partitioning master) is solved by column generation: a set that would
/// lower it is found by an exact search per machine (<see cref="Price"/>). Its value bounds every plan from below,
/// and it is strong for this problem: on the benchmark's instances its value rounded up is the optimum, where
/// the link-by-link bounds of <see cref="BranchAndBound"/> leave gaps of ten or more. Each round of pricing also gives
/// a Lagrangian bound, and a node is closed as soon as that bound reaches the best plan, often well before the master
/// is solved; the prices are smoothed towards those of the best bound so far so that it climbs steadily. Where the
/// relaxation's solution is fractional, the search branches on a unit's machine (on it first: a dive that finds plans
/// early, then not on it). Units are at most 64, so a set is a bit mask.
/// </summary>
internal sealed partial class BranchAndPrice
{
    /// <summary>
    /// Most units and machines the search takes on (sets are 64-bit masks; the master has a row per each).
    /// </summary>
    public const int MaxUnits = 64;
    public const int MaxHosts = 64;

    private const double Epsilon = 1e-9;

    /// <summary>
    /// How far the prices a round prices at stay at the centre (the prices of the best bound so far), at first.
    /// </summary>
    private const double InitialSmoothing = 0.5;

    /// <summary>
    /// A unit's share of a machine strictly between this and one less it is fractional: the search branches on it.
    /// </summary>
    private const double Fractional = 1e-6;

    private readonly PlacementProblem _p;
    private readonly int _units;
    private readonly int _hosts;
    private readonly double[] _halfDegree;       // half of each unit's connections to other units
    private readonly int[][] _anchor;            // unit × host: connections to blocks pinned there
    private readonly ulong _aliases;
    private readonly int[] _maxLink;             // per unit: its most channels to one other unit
    private readonly int _maxWeight;             // the most cores of any unit
    // cost no plan avoids: links between pinned blocks, overflow of pins alone
    private readonly double _offset;
    private readonly bool _integral;             // every plan's cost is a whole number (α is), so bounds round up
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _timeLimit;

    private readonly List<Column> _pool = [];
    private readonly HashSet<(int, ulong)> _pooled = [];

    // per unit: how many machines' best sets hold it, at the last prices priced
    private readonly int[] _covered;
    private double _smoothing = InitialSmoothing;
    private int[] _best;
    private double _bestCost;
    private bool _stopped;

    private sealed record Column(int Host, ulong Units, double Cost);

    private BranchAndPrice(PlacementProblem problem, int[] incumbent, IEnumerable<int[]> seeds, TimeSpan timeLimit)
    {
        _p = problem;
        _units = problem.UnitCount;
        _hosts = problem.HostCount;
        _timeLimit = timeLimit;
        _halfDegree = new double[_units];
        _anchor = new int[_units][];
        for (var u = 0; u < _units; u++)
        {
            foreach (var e in problem.Neighbors[u]) _halfDegree[u] += e.Count / 2.0;
            _anchor[u] = new int[_hosts];
            foreach (var a in problem.Anchors[u]) _anchor[u][a.Other] += a.Count;
            if (problem.Units[u].IsAlias) _aliases |= 1UL << u;
        }
        _covered = new int[_units];
        _maxLink = new int[_units];
        for (var u = 0; u < _units; u++)
        {
            foreach (var e in problem.Neighbors[u]) _maxLink[u] = Math.Max(_maxLink[u], e.Count);
            _maxWeight = Math.Max(_maxWeight, problem.Units[u].Weight);
        }
        _offset = problem.ConstantRemote + problem.Alpha * problem.PinnedOverflow();
        _integral = problem.Alpha == Math.Floor(problem.Alpha);
        _best = (int[])incumbent.Clone();
        _bestCost = problem.Evaluate(incumbent);
        var sets = new ulong[_hosts];
        foreach (var plan in seeds.Prepend(incumbent))
        {
            Array.Clear(sets);
            for (var u = 0; u < _units; u++) sets[plan[u]] |= 1UL << u;
            for (var h = 0; h < _hosts; h++) Pool(h, sets[h]);
        }
    }

    public static bool Applies(PlacementProblem problem) =>
        problem.UnitCount is > 0 and <= MaxUnits && problem.HostCount <= MaxHosts;

    /// <summary>The best assignment found, its cost, whether it is proven optimal, and a proven lower bound. Every
    /// machine's set in <paramref name="incumbent"/> and in the <paramref name="seeds"/> (other good plans) starts the
    /// master: the more good columns it starts with, the fewer rounds of exact pricing it takes.</summary>
    public static (int[] HostOf, double Cost, bool Optimal, double LowerBound) Search(
        PlacementProblem problem, int[] incumbent, TimeSpan timeLimit, IEnumerable<int[]>? seeds = null)
    {
        var search = new BranchAndPrice(problem, incumbent, seeds ?? [], timeLimit);
        var allowed = new ulong[problem.HostCount];
        Array.Fill(allowed, problem.UnitCount == 64 ? ulong.MaxValue : (1UL << problem.UnitCount) - 1);
        var rootBound = search.Node(allowed);
        var optimal = !search._stopped;
        return (search._best, search._bestCost, optimal,
            optimal ? search._bestCost : Math.Min(rootBound, search._bestCost));
    }

    /// <summary>Searches the plans in which each unit runs only on the machines <paramref name="allowed"/> for it;
    /// returns this node's bound (a plan's cost, rounded up where costs are whole).</summary>
    private double Node(ulong[] allowed)
    {
        var required = Required(allowed);
        if (required is null) return double.PositiveInfinity;
        var lp = new MasterLp(_units + _hosts, artificialCost: _bestCost + 1);
        var columns = new List<Column>();
        foreach (var c in _pool)
        {
            if (Fits(c, allowed, required)) Enter(lp, columns, c);
        }
        for (var h = 0; h < _hosts; h++)
        {
            if (required[h] == 0 && Pool(h, 0UL) is { } empty) Enter(lp, columns, empty);
        }

        var alike = Alike(allowed, required);
        var bound = double.NegativeInfinity;
        // Prices are smoothed (Wentges): a step of the way from the prices that gave the best bound so far (the centre)
        // towards the master's own, a step whose length adapts (AdaptSmoothing). The master's prices jump about while
        // it has few columns; priced at the smoothed ones, the machines' best sets raise the bound in far fewer rounds.
        var center = new double[_units];
        var centerValue = double.NegativeInfinity;
        var prices = new double[_units];
        while (true)
        {
            if (!lp.Solve() || OutOfTime()) return Stop(bound);
            if (Round(_offset + lp.Objective) <= bound) break;          // the master can fall no further than the bound
            var duals = lp.Duals;
            var smoothing = double.IsNegativeInfinity(centerValue) ? 0 : _smoothing;
            var improving = 0;
            while (true)
            {
                for (var u = 0; u < _units; u++) prices[u] = smoothing * center[u] + (1 - smoothing) * duals[u];
                var (lagrangian, added) = PriceMachines(lp, columns, duals, prices, allowed, required, alike);
                if (_stopped) return Stop(bound);
                improving = added;
                if (smoothing > 0) AdaptSmoothing(duals, prices);
                if (lagrangian > centerValue)
                {
                    centerValue = lagrangian;
                    Array.Copy(prices, center, _units);
                }
                bound = Math.Max(bound, Round(_offset + lagrangian));
                if (bound >= _bestCost - Epsilon) return bound;
                if (improving > 0 || smoothing == 0) break;
                // mispriced: nothing new at the smoothed prices; try the master's
                smoothing = 0;
            }
            if (improving == 0)
            {
                bound = Math.Max(bound, Round(_offset + lp.Objective));     // no column prices below zero: solved
                break;
            }
        }
        if (bound >= _bestCost - Epsilon) return bound;

        // The relaxation is solved, or can fall no lower than the bound: an integral solution is a plan; otherwise
        // branch. An artificial column in the solution covers part of a row: a unit then has a fractional share
        // somewhere (one covering a whole row would cost more than the best plan, and the bound would have pruned).
        var share = new double[_units, _hosts];
        foreach (var (column, value) in lp.Support())
        {
            if (lp.IsArtificial(column)) continue;
            var c = columns[column - lp.Rows];
            for (var set = c.Units; set != 0; set &= set - 1)
                share[BitOperations.TrailingZeroCount(set), c.Host] += value;
        }
        var (unit, host, most) = (-1, -1, 0.0);
        for (var u = 0; u < _units; u++)
        {
            for (var h = 0; h < _hosts; h++)
            {
                var x = share[u, h];
                if (x > Fractional && x < 1 - Fractional && x > most) (unit, host, most) = (u, h, x);
            }
        }
        if (unit < 0)
        {
            var hostOf = new int[_units];
            for (var u = 0; u < _units; u++)
            {
                for (var h = 0; h < _hosts; h++) if (share[u, h] > 0.5) hostOf[u] = h;
            }
            Improve(hostOf);
            return bound;
        }

        var bit = 1UL << unit;
        var on = (ulong[])allowed.Clone();
        for (var h = 0; h < _hosts; h++) if (h != host) on[h] &= ~bit;
        Node(on);
        if (_stopped || bound >= _bestCost - Epsilon) return bound;
        var off = (ulong[])allowed.Clone();
        off[host] &= ~bit;
        Node(off);
        return bound;
    }

    /// <summary>
    /// Prices every machine at <paramref name="prices"/>: each machine's best set, and the sets worth more than the
    /// master's price of that machine, which enter the master. Returns the Lagrangian bound at these prices (each
    /// unit's price, less each machine's best set's worth: every plan costs at least that) and how many new columns
    /// have a negative reduced cost in the master as it is (<paramref name="duals"/>). Interchangeable machines are
    /// priced once.
    /// </summary>
    private (double Lagrangian, int Improving) PriceMachines(
        MasterLp lp, List<Column> columns, ReadOnlySpan<double> duals, double[] prices, ulong[] allowed,
        ulong[] required, int[] alike)
    {
        var lagrangian = 0.0;
        for (var u = 0; u < _units; u++) lagrangian += prices[u];
        Array.Clear(_covered);
        var improving = 0;
        for (var h = 0; h < _hosts; h++)
        {
            if (alike[h] != h) continue;
            var target = double.MaxValue;
            for (var k = h; k < _hosts; k++) if (alike[k] == h) target = Math.Min(target, Beats(duals, k));
            var (value, best, found) = Price(h, prices, allowed[h], required[h], target);
            if (_stopped) return (lagrangian, improving);
            for (var k = h; k < _hosts; k++)
            {
                if (alike[k] != h) continue;
                lagrangian -= value;
                for (var x = best; x != 0; x &= x - 1) _covered[BitOperations.TrailingZeroCount(x)]++;
                foreach (var (set, worth) in found)
                {
                    if (worth <= Beats(duals, k) || Pool(k, set) is not { } column) continue;
                    Enter(lp, columns, column);
                    var reduced = column.Cost - duals[_units + k];
                    for (var x = set; x != 0; x &= x - 1) reduced -= duals[BitOperations.TrailingZeroCount(x)];
                    if (reduced < -Epsilon) improving++;
                }
            }
        }
        return (lagrangian, improving);
    }

    /// <summary>What a set must be worth on machine <paramref name="host"/> for its column to lower the master: more
    /// than the master's price of the machine's row, negated (with a little room for rounding).</summary>
    private double Beats(ReadOnlySpan<double> duals, int host) => -duals[_units + host] + 1e-7;

    /// <summary>
    /// Automatic smoothing (Pessoa, Sadykov, Uchoa and Vanderbeck): the Lagrangian's subgradient at the prices just
    /// priced (for each unit, one less the machines whose best set holds it) says whether the master's prices lie
    /// uphill from there. If they do, the next round moves further towards them (less smoothing); if not, it stays
    /// nearer the centre.
    /// </summary>
    private void AdaptSmoothing(ReadOnlySpan<double> duals, double[] prices)
    {
        var slope = 0.0;
        for (var u = 0; u < _units; u++) slope += (1 - _covered[u]) * (duals[u] - prices[u]);
        _smoothing = slope > 0 ? Math.Max(0, _smoothing - 0.1) : Math.Min(0.99, _smoothing + 0.1 * (1 - _smoothing));
    }

    private double Stop(double bound)
    {
        _stopped = true;
        return bound;
    }

    private bool OutOfTime()
    {
        if (_clock.Elapsed > _timeLimit) _stopped = true;
        return _stopped;
    }

    private double Round(double cost) => _integral ? Math.Ceiling(cost - 1e-6) : cost - 1e-6;

    private void Improve(int[] hostOf)
    {
        var cost = _p.Evaluate(hostOf);
        if (cost < _bestCost - Epsilon)
        {
            _bestCost = cost;
            _best = hostOf;
        }
    }

    /// <summary>
    /// Per machine, the units allowed nowhere else (a set on that machine must hold them); null if a unit may run
    /// nowhere.
    /// </summary>
    private ulong[]? Required(ulong[] allowed)
    {
        var required = new ulong[_hosts];
        for (var u = 0; u < _units; u++)
        {
            var bit = 1UL << u;
            var only = -1;
            var count = 0;
            for (var h = 0; h < _hosts && count < 2; h++)
            {
                if ((allowed[h] & bit) == 0) continue;
                only = h;
                count++;
            }
            if (count == 0) return null;
            if (count == 1) required[only] |= bit;
        }
        return required;
    }

    /// <summary>Per machine, the first machine it is interchangeable with at this node (itself if none is earlier):
    /// same cores, same pinned load, the same links to pinned blocks from every unit, the same units allowed and
    /// required. Their pricing problems differ only in the machine's own price, so one search serves them
    /// all.</summary>
    private int[] Alike(ulong[] allowed, ulong[] required)
    {
        var alike = new int[_hosts];
        for (var h = 0; h < _hosts; h++)
        {
            alike[h] = h;
            for (var k = 0; k < h; k++)
            {
                if (alike[k] != k || _p.Capacity[k] != _p.Capacity[h] || _p.FixedLoad[k] != _p.FixedLoad[h]
                    || allowed[k] != allowed[h] || required[k] != required[h] || !SameAnchors(k, h)) continue;
                alike[h] = k;
                break;
            }
        }
        return alike;
    }

    private bool SameAnchors(int a, int b)
    {
        for (var u = 0; u < _units; u++) if (_anchor[u][a] != _anchor[u][b]) return false;
        return true;
    }

    private static bool Fits(Column c, ulong[] allowed, ulong[] required) =>
        (c.Units & ~allowed[c.Host]) == 0 && (required[c.Host] & ~c.Units) == 0;

    /// <summary>Adds a column to a master: its units' rows, then its machine's.</summary>
    private void Enter(MasterLp lp, List<Column> columns, Column c)
    {
        var rows = new int[BitOperations.PopCount(c.Units) + 1];
        var i = 0;
        for (var set = c.Units; set != 0; set &= set - 1) rows[i++] = BitOperations.TrailingZeroCount(set);
        rows[i] = _units + c.Host;
        lp.Add(rows, c.Cost);
        columns.Add(c);
    }

    /// <summary>Keeps a set as a column for every node to come; null if it was already kept.</summary>
    private Column? Pool(int host, ulong set)
    {
        if (!_pooled.Add((host, set))) return null;
        var column = new Column(host, set, SetCost(host, set));
        _pool.Add(column);
        return column;
    }

    /// <summary>What a set of units costs on a machine: half of each link to units outside it, all links to blocks
    /// pinned to other machines, α times the overflow it adds.</summary>
    private double SetCost(int host, ulong set)
    {
        var cost = 0.0;
        var weight = 0;
        for (var s = set; s != 0; s &= s - 1)
        {
            var u = BitOperations.TrailingZeroCount(s);
            weight += _p.Units[u].Weight;
            cost += _halfDegree[u] + _p.AnchorTotal[u] - _anchor[u][host];
            foreach (var e in _p.Neighbors[u])
            {
                // a link inside: neither half is paid
                if (e.Other > u && (set & (1UL << e.Other)) != 0) cost -= e.Count;
            }
        }
        return cost + _p.Alpha * _p.AddedOverflow(host, _p.FixedLoad[host], weight);
    }
}
