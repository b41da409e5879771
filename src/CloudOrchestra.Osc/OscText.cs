using System.Globalization;

namespace CloudOrchestra.Osc;

/// <summary>
/// OSC arguments as words, the way <c>orchestra send</c> takes them and the node logs them: <c>i:3</c>, <c>f:0.5</c>,
/// <c>s:text</c> (also <c>h:</c>, <c>d:</c> and <c>S:</c> for 64-bit numbers and symbols). A bare number with a point
/// is a float, one without an int; any other bare word is a string.
/// </summary>
public static class OscText
{
    /// <summary>The argument a word stands for, or why it stands for none.</summary>
    public static bool TryParse(string word, out OscValue? value, out string? error)
    {
        (value, error) = (null, null);
        var typed = word.Length >= 2 && word[1] == ':' ? word[0] : (char?)null;
        var text = typed is null ? word : word[2..];   // a word such as 'x:y', of no type here, is the string 'x:y'
        switch (typed)
        {
            case 'i' when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                value = new OscValue.Int32(i); break;
            case 'h' when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var h):
                value = new OscValue.Int64(h); break;
            case 'f' when float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
                && float.IsFinite(f):
                value = new OscValue.Float32(f); break;
            case 'd' when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && double.IsFinite(d):
                value = new OscValue.Float64(d); break;
            case 's': value = new OscValue.Text(text); break;
            case 'S': value = new OscValue.Symbol(text); break;
            case 'i' or 'h':
                error = $"'{word}': '{text}' is not a whole number that fits {(typed == 'i' ? "32" : "64")} bits";
                break;
            case 'f' or 'd': error = $"'{word}': '{text}' is not a finite number"; break;
            default:
                if (int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bareInt))
                    value = new OscValue.Int32(bareInt);
                else if (long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    error = $"'{word}' does not fit 32 bits: say h:{word}";
                else if (word.Contains('.') && float.TryParse(word,
                    NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                    out var bareFloat))
                    value = new OscValue.Float32(bareFloat);
                else value = new OscValue.Text(word);
                break;
        }
        var content = value switch { OscValue.Text s => s.Value, OscValue.Symbol s => s.Value, _ => "" };
        if (content.Contains('\0'))
        {
            (value, error) = (null, $"'{word.Replace("\0", "\\0")}': an OSC string cannot hold a NUL character");
        }
        return value is not null;
    }

    /// <summary>The word for an argument: what <see cref="TryParse"/> reads back to the same argument.</summary>
    public static string Of(OscValue value) => value switch
    {
        OscValue.Int32 i => $"i:{i.Value.ToString(CultureInfo.InvariantCulture)}",
        OscValue.Float32 f => $"f:{f.Value.ToString("R", CultureInfo.InvariantCulture)}",
        OscValue.Text s => $"s:{s.Value}",
        OscValue.Symbol s => $"S:{s.Value}",
        OscValue.Int64 h => $"h:{h.Value.ToString(CultureInfo.InvariantCulture)}",
        OscValue.Float64 d => $"d:{d.Value.ToString("R", CultureInfo.InvariantCulture)}",
        OscValue.Blob b => $"b:({b.Value.Length} bytes)",
        OscValue.Time t => $"t:{t.Value}",
        OscValue.Character c => $"c:{c.Value}",
        OscValue.Midi m => $"m:{m.Value:x8}",
        OscValue.Color r => $"r:{r.Value:x8}",
        _ => value.Tag.ToString(),
    };
}
