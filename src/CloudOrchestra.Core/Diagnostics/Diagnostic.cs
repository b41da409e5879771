namespace CloudOrchestra.Diagnostics;

/// <summary>One finding about the user's files, printed as <c>file:line:col: error: message (json path)</c>.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Message)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString()
    {
        var severity = IsError ? "error" : "warning";
        var path = Location.Line > 0 && Location.JsonPath != "$" ? $" ({Location.JsonPath})" : "";
        return $"{Location}: {severity}: {Message}{path}";
    }
}
