using System.Text.RegularExpressions;

namespace CloudOrchestra.Files;

/// <summary>Builds JSONPath strings such as <c>$.blocks.fm.module</c> or <c>$.blocks['fm 1']</c>.</summary>
public static partial class JsonPath
{
    public static string Property(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'")}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
