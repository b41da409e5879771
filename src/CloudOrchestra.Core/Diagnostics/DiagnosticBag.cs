namespace CloudOrchestra.Diagnostics;

/// <summary>Collects every finding so that a user sees all of them at once, not one per run.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.IsError);

    public void Error(SourceLocation location, string message) => _items.Add(new(Severity.Error, location, message));

    public void Warning(SourceLocation location, string message) => _items.Add(new(Severity.Warning, location, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Errors first, then warnings; each group in file order.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.IsError ? 0 : 1)
            .ThenBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)];
}
