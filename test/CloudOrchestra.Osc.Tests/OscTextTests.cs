using CloudOrchestra.Osc;

namespace CloudOrchestra.Osc.Tests;

public sealed class OscTextTests
{
    public static TheoryData<string, OscValue> Words => new()
    {
        { "i:3", new OscValue.Int32(3) },
        { "f:0.5", new OscValue.Float32(0.5f) },
        { "s:text", new OscValue.Text("text") },
        { "s:", new OscValue.Text("") },
        { "s:i:3", new OscValue.Text("i:3") },
        { "h:123456789012", new OscValue.Int64(123456789012) },
        { "d:2.5", new OscValue.Float64(2.5) },
        { "S:sym", new OscValue.Symbol("sym") },
        { "660", new OscValue.Int32(660) },
        { "-3", new OscValue.Int32(-3) },
        { "660.0", new OscValue.Float32(660) },
        { ".5", new OscValue.Float32(0.5f) },
        { "hello", new OscValue.Text("hello") },
        { "x:y", new OscValue.Text("x:y") },
        { "1.2.3", new OscValue.Text("1.2.3") },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public void A_word_is_the_argument_its_type_or_its_form_says(string word, OscValue expected)
    {
        Assert.True(OscText.TryParse(word, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("i:3.5", "'i:3.5': '3.5' is not a whole number that fits 32 bits")]
    [InlineData("i:", "'i:': '' is not a whole number that fits 32 bits")]
    [InlineData("f:loud", "'f:loud': 'loud' is not a finite number")]
    [InlineData("f:NaN", "'f:NaN': 'NaN' is not a finite number")]
    [InlineData("99999999999", "'99999999999' does not fit 32 bits: say h:99999999999")]
    [InlineData("s:a\0b", "'s:a\\0b': an OSC string cannot hold a NUL character")]
    public void A_malformed_word_is_refused_saying_why(string word, string why)
    {
        Assert.False(OscText.TryParse(word, out var value, out var error));
        Assert.Null(value);
        Assert.Equal(why, error);
    }

    [Theory]
    [MemberData(nameof(Words))]
    public void The_word_for_an_argument_reads_back_to_it(string word, OscValue value)
    {
        _ = word;
        Assert.True(OscText.TryParse(OscText.Of(value), out var back, out _));
        Assert.Equal(value, back);
    }
}
