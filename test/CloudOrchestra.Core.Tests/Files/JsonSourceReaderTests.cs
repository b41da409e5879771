using System.Text;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;

namespace CloudOrchestra.Tests.Files;

public sealed class JsonSourceReaderTests
{
    private static (SourceValue? Value, DiagnosticBag Diagnostics) Read(string json, bool bom = false)
    {
        var diagnostics = new DiagnosticBag();
        var bytes = Encoding.UTF8.GetBytes(json);
        if (bom) bytes = [.. Encoding.UTF8.Preamble, .. bytes];
        return (JsonSourceReader.Read("f.json", bytes, diagnostics), diagnostics);
    }

    [Fact]
    public void Values_remember_line_column_and_json_path()
    {
        var (value, _) = Read("{\n  \"blocks\": {\n    \"fm\": { \"module\": \"fm\" }\n  }\n}");

        var module = ((SourceObject)((SourceObject)((SourceObject)value!).Find("blocks")!.Value).Find("fm")!.Value)
            .Find("module")!;

        Assert.Equal(new SourceLocation("f.json", 3, 23, "$.blocks.fm.module"), module.Value.Location);
        Assert.Equal(new SourceLocation("f.json", 3, 13, "$.blocks.fm.module"), module.NameLocation);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var (value, _) = Read("{\"é\": 1, \"x\": 2}");

        Assert.Equal(15, ((SourceObject)value!).Find("x")!.Value.Location.Column);
    }

    [Fact]
    public void A_byte_order_mark_does_not_shift_columns()
    {
        var (value, _) = Read("{\"x\": 2}", bom: true);

        Assert.Equal(7, ((SourceObject)value!).Find("x")!.Value.Location.Column);
    }

    [Fact]
    public void Malformed_json_is_reported_at_the_offending_character()
    {
        var (value, diagnostics) = Read("{\n  \"a\": 1\n  \"b\": 2\n}");

        Assert.Null(value);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(
            "f.json:3:3: error: malformed JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.",
            error.ToString());
    }

    [Fact]
    public void An_empty_file_is_malformed()
    {
        var (_, diagnostics) = Read("  ");

        Assert.Equal("f.json:1:1: error: malformed JSON: the file is empty",
            Assert.Single(diagnostics.Items).ToString());
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var (value, diagnostics) = Read("{ // the blocks\n \"a\": [1, 2,], }");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(2, ((SourceArray)((SourceObject)value!).Find("a")!.Value).Items.Count);
    }

    [Fact]
    public void Names_that_are_not_identifiers_are_quoted_in_the_path()
    {
        var (value, _) = Read("{\"fm 1\": {\"x\": [true]}}");

        var item = ((SourceArray)((SourceObject)((SourceObject)value!).Find("fm 1")!.Value).Find("x")!.Value).Items[0];
        Assert.Equal("$['fm 1'].x[0]", item.Location.JsonPath);
    }
}
