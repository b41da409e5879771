namespace CloudOrchestra.Planning.Search;

/// <summary>
/// The linear program of a set-partitioning master: minimize Σ cost·x over columns, each row covered exactly
/// once, x ≥ 0. Every column is a set of rows with coefficient 1. Solved by the revised simplex method with an
/// explicit inverse of the basis (the masters here have at most a few hundred rows), starting from one
/// artificial column per row. Artificial columns cost what the constructor is given: they keep every master
/// solvable, and since adding columns only lowers a minimum, the value stays a bound on the master without them.
/// </summary>
internal sealed class MasterLp
{
    private const double Tolerance = 1e-9;
    private const int RefactorEvery = 64;

    private readonly int _rows;
    private readonly List<int[]> _columnRows = [];
    private readonly List<double> _costs = [];
    private readonly double[] _inverse;          // row-major _rows × _rows
    private readonly int[] _basis;               // column index basic in each row position
    private readonly double[] _values;           // the basic columns' values
    private readonly double[] _duals;
    private readonly List<bool> _isBasic = [];
    private int _pivotsSinceRefactor;

    public MasterLp(int rows, double artificialCost)
    {
        _rows = rows;
        _inverse = new double[rows * rows];
        _basis = new int[rows];
        _values = new double[rows];
        _duals = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            _columnRows.Add([r]);
            _costs.Add(artificialCost);
            _basis[r] = r;
            _inverse[r * rows + r] = 1;
            _values[r] = 1;
            _isBasic.Add(true);
        }
    }

    public int Rows => _rows;

    public double Objective { get; private set; }

    /// <summary>
    /// Row prices of the last optimal basis: a column's reduced cost is its cost less the prices of its rows.
    /// </summary>
    public ReadOnlySpan<double> Duals => _duals;

    /// <summary>Adds a column (rows ascending, no repeats). Columns are numbered in the order added, after one
    /// artificial column per row (column r covers row r alone).</summary>
    public void Add(int[] rows, double cost)
    {
        _columnRows.Add(rows);
        _costs.Add(cost);
        _isBasic.Add(false);
    }

    /// <summary>Columns with a positive value in the last solution, with their values.</summary>
    public IEnumerable<(int Column, double Value)> Support()
    {
        for (var r = 0; r < _rows; r++)
        {
            if (_values[r] > Tolerance) yield return (_basis[r], _values[r]);
        }
    }

    public bool IsArtificial(int column) => column < _rows;

    /// <summary>Runs the simplex method to optimality; false if it stopped on the iteration limit.</summary>
    public bool Solve(int iterationLimit = 100_000)
    {
        var basic = _isBasic;
        var degenerate = 0;
        for (var iteration = 0; iteration < iterationLimit; iteration++)
        {
            ComputeDuals();
            // Dantzig's rule, or Bland's (the first improving column) after many pivots that gained nothing: no
            // cycling.
            var bland = degenerate > 50;
            var entering = -1;
            var bestReduced = -Tolerance;
            for (var j = 0; j < _costs.Count; j++)
            {
                if (basic[j]) continue;
                var reduced = ReducedCost(j);
                if (reduced < bestReduced)
                {
                    bestReduced = reduced;
                    entering = j;
                    if (bland) break;
                }
            }
            if (entering < 0)
            {
                Objective = 0;
                for (var r = 0; r < _rows; r++) Objective += _costs[_basis[r]] * _values[r];
                return true;
            }

            var direction = Direction(entering);
            var leaving = -1;
            var ratio = double.MaxValue;
            for (var r = 0; r < _rows; r++)
            {
                if (direction[r] <= Tolerance) continue;
                var t = _values[r] / direction[r];
                if (t < ratio - Tolerance || (t < ratio + Tolerance && leaving >= 0 && _basis[r] < _basis[leaving]))
                {
                    ratio = t;
                    leaving = r;
                }
            }
            if (leaving < 0) throw new InvalidOperationException("unbounded master: costs below zero?");
            degenerate = ratio < Tolerance ? degenerate + 1 : 0;
            Pivot(leaving, entering, direction);
        }
        return false;
    }

    private double ReducedCost(int column)
    {
        var reduced = _costs[column];
        foreach (var r in _columnRows[column]) reduced -= _duals[r];
        return reduced;
    }

    private void ComputeDuals()
    {
        Array.Clear(_duals);
        for (var i = 0; i < _rows; i++)
        {
            var c = _costs[_basis[i]];
            if (c == 0) continue;
            var offset = i * _rows;
            for (var j = 0; j < _rows; j++) _duals[j] += c * _inverse[offset + j];
        }
    }

    private double[] Direction(int column)
    {
        var d = new double[_rows];
        foreach (var r in _columnRows[column])
        {
            for (var i = 0; i < _rows; i++) d[i] += _inverse[i * _rows + r];
        }
        return d;
    }

    private void Pivot(int leaving, int entering, double[] direction)
    {
        var basic = _isBasic;
        basic[_basis[leaving]] = false;
        basic[entering] = true;
        _basis[leaving] = entering;
        var pivot = direction[leaving];
        var pivotRow = leaving * _rows;
        for (var j = 0; j < _rows; j++) _inverse[pivotRow + j] /= pivot;
        _values[leaving] /= pivot;
        for (var i = 0; i < _rows; i++)
        {
            if (i == leaving || direction[i] == 0) continue;
            var f = direction[i];
            var row = i * _rows;
            for (var j = 0; j < _rows; j++) _inverse[row + j] -= f * _inverse[pivotRow + j];
            _values[i] -= f * _values[leaving];
            if (_values[i] < 0 && _values[i] > -1e-11) _values[i] = 0;
        }
        if (++_pivotsSinceRefactor >= RefactorEvery) Refactor();
    }

    /// <summary>
    /// Inverts the basis afresh (Gauss–Jordan with partial pivoting), so rounding errors do not pile up.
    /// </summary>
    private void Refactor()
    {
        _pivotsSinceRefactor = 0;
        var n = _rows;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            foreach (var r in _columnRows[_basis[i]]) a[r * n + i] = 1;
        }
        var inv = _inverse;
        Array.Clear(inv);
        for (var i = 0; i < n; i++) inv[i * n + i] = 1;
        for (var col = 0; col < n; col++)
        {
            var best = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r * n + col]) > Math.Abs(a[best * n + col])) best = r;
            }
            // singular by rounding: keep going with what we have
            if (Math.Abs(a[best * n + col]) < 1e-12) return;
            if (best != col)
            {
                for (var j = 0; j < n; j++)
                {
                    (a[col * n + j], a[best * n + j]) = (a[best * n + j], a[col * n + j]);
                    (inv[col * n + j], inv[best * n + j]) = (inv[best * n + j], inv[col * n + j]);
                }
            }
            var p = a[col * n + col];
            for (var j = 0; j < n; j++)
            {
                a[col * n + j] /= p;
                inv[col * n + j] /= p;
            }
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var f = a[r * n + col];
                if (f == 0) continue;
                for (var j = 0; j < n; j++)
                {
                    a[r * n + j] -= f * a[col * n + j];
                    inv[r * n + j] -= f * inv[col * n + j];
                }
            }
        }
        // x_B = B⁻¹·1 (every row's right-hand side is 1).
        for (var i = 0; i < n; i++)
        {
            var v = 0.0;
            for (var j = 0; j < n; j++) v += inv[i * n + j];
            _values[i] = Math.Abs(v) < 1e-11 ? 0 : v;
        }
    }
}
