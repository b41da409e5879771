using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>Renaming a block in the inspector: a name the synthdef cannot take is refused there, saying why.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BlockInspectorTests(Chromium chromium)
{
    private const string NameRule =
        "names must start with a letter and hold only letters, digits, '_' and '-', at most 63 characters";

    private static async Task Rename(StudioPage studio, string block, string name)
    {
        await studio.ByTestId($"block-{block}").ClickAsync();
        await studio.ByTestId("block-name").FillAsync(name);
        await studio.ByTestId("block-name").PressAsync("Enter");
    }

    [Theory]
    [InlineData("lp", "a block named 'lp' exists already")]
    [InlineData("my voice", "block name 'my voice' is not allowed: " + NameRule)]
    [InlineData("fm:1", "block name 'fm:1' is not allowed: " + NameRule)]
    public async Task A_name_the_synthdef_cannot_take_is_refused_saying_why(string name, string refusal)
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());

        await Rename(studio, "fm", name);

        await Assertions.Expect(studio.ByTestId("block-name-refusal")).ToHaveTextAsync(refusal);
        await Assertions.Expect(studio.ByTestId("block-name")).ToHaveValueAsync("fm");
        await Assertions.Expect(studio.ByTestId("block-fm")).ToBeVisibleAsync();
        await Assertions.Expect(studio.Page.Locator("[data-testid=findings] li")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_name_taken_after_a_refusal_clears_it()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        await Rename(studio, "fm", "lp");
        await Assertions.Expect(studio.ByTestId("block-name-refusal")).ToBeVisibleAsync();

        await studio.ByTestId("block-name").FillAsync("voice");
        await studio.ByTestId("block-name").PressAsync("Enter");

        await Assertions.Expect(studio.ByTestId("block-voice")).ToBeVisibleAsync();
        await Assertions.Expect(studio.ByTestId("block-name-refusal")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_bad_name_in_the_file_is_reported_once_where_the_message_says()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"my voice": {"module": "fm"}}, "connections": [{"source": "my voice", "sink": "DAC"}]}
            """));

        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message"))
            .ToHaveTextAsync("Not saved: the synthdef has errors (see Findings).");
        await Assertions.Expect(studio.Page.Locator("h2", new() { HasText = "Findings" })).ToBeVisibleAsync();
        await Assertions.Expect(studio.Page.Locator("[data-testid=findings] li",
            new() { HasText = "block name 'my voice' is not allowed" })).ToHaveCountAsync(1);
    }
}
