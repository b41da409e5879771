namespace CloudOrchestra.Diagnostics;

/// <summary>Collects every finding so that a user sees all of them at once, not one per run.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>
    /// How many errors so far: a reader compares it before and after an item to learn whether the item had any.
    /// </summary>
    public int ErrorCount { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    public void Error(SourceLocation location, string message) => Add(new(Severity.Error, location, message));

    public void Warning(SourceLocation location, string message) => Add(new(Severity.Warning, location, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Add(d);
    }

    private void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.IsError) ErrorCount++;
    }

    /// <summary>Errors first, then warnings; each group in file order.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.IsError ? 0 : 1)
            .ThenBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)];
}
