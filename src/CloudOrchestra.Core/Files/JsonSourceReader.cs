using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Files;

/// <summary>
/// Reads JSON into <see cref="SourceValue"/>s that keep their line and column, so that every later
/// error can point at the exact place. Comments and trailing commas are accepted.
/// </summary>
public static partial class JsonSourceReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    public static SourceValue? Read(string displayPath, byte[] content, DiagnosticBag diagnostics)
    {
        var bytes = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? content[3..] : content;
        var lines = new LineMap(bytes);
        if (FirstInvalidUtf8(bytes) is { } bad)
        {
            diagnostics.Error(lines.Locate(displayPath, bad, "$"),
                $"the file is not UTF-8 text: byte 0x{bytes[bad]:X2} cannot be read (save it as UTF-8)");
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(bytes, Options);
            if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') || !reader.Read())
            {
                diagnostics.Error(new SourceLocation(displayPath, 1, 1), "malformed JSON: the file is empty");
                return null;
            }
            var value = ReadValue(ref reader, displayPath, "$", lines);
            reader.Read(); // throws on anything but white space and comments after the document
            return value;
        }
        catch (UnpairedSurrogateException e)
        {
            diagnostics.Error(e.Location, "a string holds half of a UTF-16 surrogate pair (such as \\ud800 alone), "
                + "which is no character: write the character itself");
            return null;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = lines.ColumnOf(line, (int)(e.BytePositionInLine ?? 0));
            diagnostics.Error(new SourceLocation(displayPath, line, column),
                "malformed JSON: " + CleanMessage(e.Message));
            return null;
        }
    }

    private static SourceValue ReadValue(ref Utf8JsonReader reader, string file, string path, LineMap lines)
    {
        var location = lines.Locate(file, (int)reader.TokenStartIndex, path);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<SourceProperty>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameLocation = lines.Locate(file, (int)reader.TokenStartIndex, path);
                    var name = StringOf(ref reader, nameLocation);
                    var childPath = JsonPath.Property(path, name);
                    nameLocation = nameLocation.At(childPath);
                    reader.Read();
                    properties.Add(new SourceProperty(name, nameLocation,
                        ReadValue(ref reader, file, childPath, lines)));
                }
                return new SourceObject(location, properties);
            case JsonTokenType.StartArray:
                var items = new List<SourceValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, file, JsonPath.Index(path, items.Count), lines));
                }
                return new SourceArray(location, items);
            case JsonTokenType.String:
                return new SourceString(location, StringOf(ref reader, location));
            case JsonTokenType.Number:
                return new SourceNumber(location, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new SourceBool(location, reader.GetBoolean());
            default:
                return new SourceNull(location);
        }
    }

    /// <summary>
    /// The string token's text; an escaped surrogate without its other half (<c>"\ud800"</c>) is not text, and says
    /// where it is.
    /// </summary>
    private static string StringOf(ref Utf8JsonReader reader, SourceLocation location)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UnpairedSurrogateException(location);
        }
    }

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null when all of it is.</summary>
    private static int? FirstInvalidUtf8(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes.AsSpan(offset), out _, out var consumed)
            == System.Buffers.OperationStatus.Done)
            offset += consumed;
        return offset;
    }

    private sealed class UnpairedSurrogateException(SourceLocation location) : Exception
    {
        public SourceLocation Location => location;
    }

    /// <summary>System.Text.Json appends its own position; ours is already in front of the message.</summary>
    private static string CleanMessage(string message) => TrailingPosition().Replace(message, "").Trim();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex TrailingPosition();

    /// <summary>Turns UTF-8 byte offsets into 1-based line and character columns.</summary>
    private sealed class LineMap(byte[] bytes)
    {
        private readonly int[] _lineStarts = FindLineStarts(bytes);

        // Tokens are located in file order: counting characters on from the last one keeps a file on one long line
        // linear.
        private int _lastLine = -1, _lastOffset, _lastChars;

        public SourceLocation Locate(string file, int offset, string path)
        {
            var index = Array.BinarySearch(_lineStarts, offset);
            var line = index >= 0 ? index : ~index - 1;
            var (from, chars) = line == _lastLine && offset >= _lastOffset
                ? (_lastOffset, _lastChars)
                : (_lineStarts[line], 0);
            chars += Encoding.UTF8.GetCharCount(bytes, from, offset - from);
            (_lastLine, _lastOffset, _lastChars) = (line, offset, chars);
            return new SourceLocation(file, line + 1, chars + 1, path);
        }

        public int ColumnOf(int line, int bytePosition)
        {
            if (line - 1 >= _lineStarts.Length) return bytePosition + 1;
            var start = _lineStarts[line - 1];
            var length = Math.Min(bytePosition, bytes.Length - start);
            return Encoding.UTF8.GetCharCount(bytes, start, Math.Max(0, length)) + 1;
        }

        private static int[] FindLineStarts(byte[] bytes)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n') starts.Add(i + 1);
            }
            return [.. starts];
        }
    }
}
