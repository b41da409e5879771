using System.Globalization;
using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Files;

/// <summary>A value read from a user's JSON or YAML file, remembering where it stood.</summary>
public abstract record SourceValue(SourceLocation Location)
{
    /// <summary>How the value reads in an error message: <c>the string "two"</c>, <c>the number -1</c>.</summary>
    public abstract string Describe();
}

public sealed record SourceProperty(string Name, SourceLocation NameLocation, SourceValue Value);

public sealed record SourceObject(SourceLocation Location, IReadOnlyList<SourceProperty> Properties)
    : SourceValue(Location)
{
    /// <summary>The first property of that name; duplicates are reported by whoever reads the object.</summary>
    public SourceProperty? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public override string Describe() => "an object";
}

public sealed record SourceArray(SourceLocation Location, IReadOnlyList<SourceValue> Items) : SourceValue(Location)
{
    public override string Describe() => "an array";
}

public sealed record SourceString(SourceLocation Location, string Value) : SourceValue(Location)
{
    public override string Describe() => $"the string \"{Value}\"";
}

public sealed record SourceNumber(SourceLocation Location, string Text) : SourceValue(Location)
{
    public double Value => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as a whole number, when it is one and fits.</summary>
    public long? AsWholeNumber() =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole
        : double.IsInteger(Value) && Math.Abs(Value) < 1e15 ? (long)Value
        : null;

    public override string Describe() => $"the number {Text}";
}

public sealed record SourceBool(SourceLocation Location, bool Value) : SourceValue(Location)
{
    public override string Describe() => Value ? "true" : "false";
}

public sealed record SourceNull(SourceLocation Location) : SourceValue(Location)
{
    public override string Describe() => "null";
}
