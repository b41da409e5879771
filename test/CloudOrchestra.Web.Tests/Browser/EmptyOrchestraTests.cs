using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>An orchestra with no blocks yet is where a musician starts: not an error, and none left behind.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmptyOrchestraTests(Chromium chromium)
{
    private const string Empty = """{"blocks": {}, "connections": []}""";

    [Fact]
    public async Task An_empty_orchestra_opens_without_an_error_and_says_how_to_start()
    {
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", Empty));

        await Assertions.Expect(studio.ByTestId("empty-hint"))
            .ToHaveTextAsync("No blocks yet: drag a module from the palette onto the canvas, or double-click it.");
        await Assertions.Expect(studio.Page.Locator("[data-testid=findings] li")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Adding_a_block_leaves_no_stale_finding_and_removing_it_no_stale_plan()
    {
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", Empty));

        await studio.ByTestId("module-fm").DblClickAsync();

        await Assertions.Expect(studio.ByTestId("cost")).ToBeVisibleAsync();
        await Assertions.Expect(studio.Page.Locator("[data-testid=findings] li")).ToHaveCountAsync(0);
        await Assertions.Expect(studio.ByTestId("empty-hint")).ToHaveCountAsync(0);

        await studio.ByTestId("block-fm1").ClickAsync();
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Delete block" }).ClickAsync();

        await Assertions.Expect(studio.ByTestId("empty-hint")).ToBeVisibleAsync();
        await Assertions.Expect(studio.ByTestId("cost")).ToHaveCountAsync(0);
        await Assertions.Expect(studio.Page.Locator("[data-testid=findings] li")).ToHaveCountAsync(0);
    }
}
