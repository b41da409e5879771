namespace CloudOrchestra.Diagnostics;

/// <summary>A place in a user's file: path as the user would type it, 1-based line and column, JSON path.</summary>
/// <remarks>Line 0 means the whole file (for example one that does not exist).</remarks>
public sealed record SourceLocation(string File, int Line, int Column, string JsonPath = "$")
{
    public static SourceLocation WholeFile(string file) => new(file, 0, 0);

    public SourceLocation At(string jsonPath) => this with { JsonPath = jsonPath };

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
