using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Files;

/// <summary>
/// Reads the fields of one object of a user's file, reporting a missing field or a wrong type with
/// the item's name (<c>host 'h1'</c>) and the field's place. Unknown fields are accepted: the
/// prototype's files carry comments and settings of their own.
/// </summary>
public sealed class FieldReader(SourceObject source, string item, DiagnosticBag diagnostics)
{
    public SourceObject Source => source;

    public string Item => item;

    public SourceValue? Get(string key) => source.Find(key)?.Value;

    public string? RequiredString(string key, params string[] alternatives)
    {
        var value = OptionalString(key, alternatives);
        if (value is null && FindAny(key, alternatives) is null)
        {
            diagnostics.Error(source.Location, $"{item} has no '{key}'");
        }
        return value;
    }

    public string? OptionalString(string key, params string[] alternatives)
    {
        var found = FindAny(key, alternatives);
        if (found is null) return null;
        if (found.Value is SourceString s) return s.Value;
        diagnostics.Error(found.Value.Location,
            $"{item}: '{found.Name}' must be a string, but is {found.Value.Describe()}");
        return null;
    }

    public int? RequiredWhole(string key, int min, int max = int.MaxValue)
    {
        if (source.Find(key) is null)
        {
            diagnostics.Error(source.Location, $"{item} has no '{key}'");
            return null;
        }
        return OptionalWhole(key, min, max);
    }

    /// <summary>The field as a whole number within [min, max]; null when absent or wrong (and reported).</summary>
    public int? OptionalWhole(string key, int min, int max = int.MaxValue)
    {
        var value = Get(key);
        if (value is null) return null;
        if (value is not SourceNumber number || number.AsWholeNumber() is not { } whole)
        {
            diagnostics.Error(value.Location, $"{item}: '{key}' must be a whole number, but is {value.Describe()}");
            return null;
        }
        if (whole < min || whole > max)
        {
            var range = max == int.MaxValue ? $"at least {min}" : $"from {min} to {max}";
            diagnostics.Error(value.Location, $"{item}: '{key}' must be {range}, but is {number.Text}");
            return null;
        }
        return (int)whole;
    }

    public SourceObject? OptionalObject(string key)
    {
        var value = Get(key);
        if (value is null or SourceObject) return (SourceObject?)value;
        diagnostics.Error(value.Location, $"{item}: '{key}' must be an object, but is {value.Describe()}");
        return null;
    }

    public SourceArray? OptionalArray(string key)
    {
        var value = Get(key);
        if (value is null or SourceArray) return (SourceArray?)value;
        diagnostics.Error(value.Location, $"{item}: '{key}' must be an array, but is {value.Describe()}");
        return null;
    }

    public SourceLocation LocationOf(string key, params string[] alternatives) =>
        FindAny(key, alternatives)?.Value.Location ?? source.Location;

    private SourceProperty? FindAny(string key, string[] alternatives) =>
        source.Find(key) ?? alternatives.Select(source.Find).FirstOrDefault(p => p is not null);
}
