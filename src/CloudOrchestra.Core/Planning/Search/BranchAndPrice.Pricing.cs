using System.Numerics;

namespace CloudOrchestra.Planning.Search;

/// <summary>
/// Pricing: for one machine, the set of units whose column would lower the master the most. With the master's row
/// prices π (units) the set S is worth Σ_{u∈S} (π_u − what u costs alone on the machine) + links inside S −
/// α·overflow: a knapsack whose items also gain from each other. Depth-first over units, including before excluding,
/// the unit the bound credits most first, pruned by
/// the linear knapsack relaxation in which each remaining unit is credited its links to S and half of those to other
/// remaining units (each link inside a set is shared by its two ends) and every core beyond the room costs α. Where no
/// overflow can pay (every remaining unit gains less per core than α), the best completion fits the free room, so a
/// unit is credited links to no more remaining units than fit beside it there, and nothing goes beyond the room: on a
/// machine with a few cores free, that is most of the links the plain relaxation credits.
/// </summary>
internal sealed partial class BranchAndPrice
{
    private const int MaxFoundPerHost = 5;

    private double[] _profit = [];
    private double[] _toSet = [];
    private double[] _toRest = [];
    private double[] _toRestWeightless = [];     // of those, links to remaining units of no cores (they take no room)
    private int[] _candidates = [];
    private int _candidateCount;
    private (double Ratio, int Weight)[] _items = [];
    private int _priceHost;
    private ulong _set;
    private int _load;                           // the machine's cores in use: pinned blocks' and the set's
    private double _value;
    private bool _aliasUsed;
    private double _bestValue;
    private double _target;
    private readonly List<(ulong Set, double Value)> _found = [];
    private long _priceNodes;
    private ulong _bestSet;

    /// <summary>The best value a set can have on <paramref name="host"/>, a set of that value, and sets (the last few
    /// improvements) worth more than <paramref name="target"/>, with their values.</summary>
    private (double Value, ulong Best, IReadOnlyList<(ulong Set, double Value)> Found) Price(
        int host, ReadOnlySpan<double> duals, ulong allowed, ulong required, double target)
    {
        if (_profit.Length != _units)
        {
            _profit = new double[_units];
            _toSet = new double[_units];
            _toRest = new double[_units];
            _toRestWeightless = new double[_units];
            _candidates = new int[_units];
            _items = new (double, int)[_units];
        }
        _priceHost = host;
        for (var u = 0; u < _units; u++)
        {
            _profit[u] = duals[u] - _halfDegree[u] - _p.AnchorTotal[u] + _anchor[u][host];
            _toSet[u] = 0;
            _toRest[u] = 0;
            _toRestWeightless[u] = 0;
        }
        _set = required;
        _load = _p.FixedLoad[host];
        _value = 0;
        _aliasUsed = (required & _aliases) != 0;
        for (var s = required; s != 0; s &= s - 1)
        {
            var u = BitOperations.TrailingZeroCount(s);
            _value += _profit[u] + _toSet[u] - _p.Alpha * _p.AddedOverflow(host, _load, _p.Units[u].Weight);
            _load += _p.Units[u].Weight;
            foreach (var e in _p.Neighbors[u]) _toSet[e.Other] += e.Count;
        }

        var open = allowed & ~required;
        if (_aliasUsed) open &= ~_aliases;
        _candidateCount = 0;
        for (var s = open; s != 0; s &= s - 1) _candidates[_candidateCount++] = BitOperations.TrailingZeroCount(s);
        for (var i = 0; i < _candidateCount; i++)
        {
            var u = _candidates[i];
            foreach (var e in _p.Neighbors[u])
            {
                if ((open & (1UL << e.Other)) == 0) continue;
                _toRest[u] += e.Count;
                if (_p.Units[e.Other].Weight == 0) _toRestWeightless[u] += e.Count;
            }
        }
        // Descend picks the unit that gains most at each step; among equals, the one earlier in this order.
        Array.Sort(_candidates, 0, _candidateCount, Comparer<int>.Create((a, b) =>
        {
            var order = (_profit[b] + _toSet[b]).CompareTo(_profit[a] + _toSet[a]);
            return order != 0 ? order : a.CompareTo(b);
        }));

        _found.Clear();
        _bestValue = _value;
        _bestSet = _set;
        _target = target;
        if (_value > _target) _found.Add((_set, _value));
        Descend(0);
        var found = _found.Count <= MaxFoundPerHost
            ? [.. _found]
            : _found.GetRange(_found.Count - MaxFoundPerHost, MaxFoundPerHost);
        return (_bestValue, _bestSet, found);
    }

    private void Descend(int position)
    {
        if (position == _candidateCount) return;
        if ((++_priceNodes & 4095) == 0 && OutOfTime()) return;
        if (_stopped || _value + RestBound(position) <= _bestValue + 1e-12) return;

        // Next the unit that may gain most, as the bound credits it (with links to remaining units that fit beside it):
        // good sets come early, and deciding the units the bound counts on first closes the search soonest.
        var pick = position;
        var most = double.NegativeInfinity;
        var free = Math.Max(0, _p.Capacity[_priceHost] - _load);
        for (var i = position; i < _candidateCount; i++)
        {
            var c = _candidates[i];
            var g = _profit[c] + _toSet[c] + LinksThatFit(c, free) / 2;
            if (g > most) (pick, most) = (i, g);
        }
        (_candidates[position], _candidates[pick]) = (_candidates[pick], _candidates[position]);
        var u = _candidates[position];
        var neighbors = _p.Neighbors[u];
        var weightless = _p.Units[u].Weight == 0;
        foreach (var e in neighbors) _toRest[e.Other] -= e.Count;       // u leaves the remaining units either way
        if (weightless) foreach (var e in neighbors) _toRestWeightless[e.Other] -= e.Count;

        var isAlias = (_aliases & (1UL << u)) != 0;
        if (!(isAlias && _aliasUsed))
        {
            var weight = _p.Units[u].Weight;
            var gain = _profit[u] + _toSet[u] - _p.Alpha * _p.AddedOverflow(_priceHost, _load, weight);
            _set |= 1UL << u;
            _load += weight;
            _value += gain;
            var aliasBefore = _aliasUsed;
            _aliasUsed |= isAlias;
            foreach (var e in neighbors) _toSet[e.Other] += e.Count;
            if (_value > _bestValue + 1e-12)
            {
                _bestValue = _value;
                _bestSet = _set;
                if (_value > _target) _found.Add((_set, _value));
            }
            Descend(position + 1);
            foreach (var e in neighbors) _toSet[e.Other] -= e.Count;
            _aliasUsed = aliasBefore;
            _value -= gain;
            _load -= weight;
            _set &= ~(1UL << u);
        }
        Descend(position + 1);
        foreach (var e in neighbors) _toRest[e.Other] += e.Count;
        if (weightless) foreach (var e in neighbors) _toRestWeightless[e.Other] += e.Count;
    }

    /// <summary>
    /// The most the units from <paramref name="position"/> on can still add (a linear knapsack relaxation).
    /// </summary>
    private double RestBound(int position)
    {
        var free = Math.Max(0, _p.Capacity[_priceHost] - _load);
        return Knapsack(position, free, withinRoom: NoOverflowPays(position));
    }

    /// <summary>Whether no completion that overflows the machine can be the best. An overflowing completion holds a
    /// unit of some cores; dropping it saves α for each core of overflow it took away, at least one, and loses at most
    /// what it gains with all its links: while that is less than α per core (times the most cores a unit has),
    /// dropping it pays.</summary>
    private bool NoOverflowPays(int position)
    {
        var most = 0.0;
        for (var i = position; i < _candidateCount; i++)
        {
            var u = _candidates[i];
            var weight = _p.Units[u].Weight;
            if (weight == 0) continue;
            most = Math.Max(most, (_profit[u] + _toSet[u] + _toRest[u]) / weight);
        }
        return most * _maxWeight < _p.Alpha;
    }

    /// <summary>A remaining unit's links to other remaining units, but to no more of those of some cores than fit
    /// beside it in <paramref name="free"/> cores (each takes one at least).</summary>
    private double LinksThatFit(int u, int free) =>
        Math.Min(_toRest[u], _maxLink[u] * Math.Max(0, free - _p.Units[u].Weight) + _toRestWeightless[u]);

    /// <summary>A linear knapsack over the remaining units, each credited its links to the set and half of those to
    /// other remaining units. <paramref name="withinRoom"/>: no unit goes beyond the free room, and a unit is credited
    /// links to at most as many remaining units of some cores as fit beside it (each takes a core at least), plus its
    /// links to remaining units of none.</summary>
    private double Knapsack(int position, int free, bool withinRoom)
    {
        var count = 0;
        var extra = 0.0;
        for (var i = position; i < _candidateCount; i++)
        {
            var u = _candidates[i];
            if (_aliasUsed && (_aliases & (1UL << u)) != 0) continue;
            var weight = _p.Units[u].Weight;
            var links = withinRoom ? LinksThatFit(u, free) : _toRest[u];
            var gain = _profit[u] + _toSet[u] + links / 2;
            if (gain <= 0) continue;
            if (weight == 0)
            {
                extra += gain;
                continue;
            }
            var item = (gain / weight, weight);
            var k = count++;
            while (k > 0 && _items[k - 1].Ratio < item.Item1)
            {
                _items[k] = _items[k - 1];
                k--;
            }
            _items[k] = item;
        }
        var bound = extra;
        for (var i = 0; i < count; i++)
        {
            var (ratio, weight) = _items[i];
            var inside = Math.Min(weight, free);
            free -= inside;
            bound += ratio * inside;
            if (!withinRoom && ratio > _p.Alpha) bound += (ratio - _p.Alpha) * (weight - inside);
        }
        return bound;
    }
}
