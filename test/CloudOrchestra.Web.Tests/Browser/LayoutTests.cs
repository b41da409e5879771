using System.Text.Json;
using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// Where the musician put each block is kept in the synthdef's <c>"layout"</c>, and the canvas reads it back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(Chromium chromium)
{
    /// <summary>
    /// The block's place on the canvas (not on screen, which depends on the view), as React Flow sets it.
    /// </summary>
    private static ILocator Node(StudioPage studio, string block) =>
        studio.Page.Locator($".react-flow__node[data-id='{block}']");

    [Fact]
    public async Task Blocks_stand_where_the_layout_in_the_file_puts_them()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", """
            {"blocks": {"fm": {"module": "fm"}, "lp": {"module": "lp"}},
             "connections": [{"source": "fm", "sink": "lp"}, {"source": "lp", "sink": "DAC"}],
             "layout": {"fm": {"x": 500, "y": 300}, "lp": {"x": 120, "y": 460}}}
            """));

        await Assertions.Expect(Node(studio, "fm")).ToHaveCSSAsync("transform", "matrix(1, 0, 0, 1, 500, 300)");
        await Assertions.Expect(Node(studio, "lp")).ToHaveCSSAsync("transform", "matrix(1, 0, 0, 1, 120, 460)");
    }

    [Fact]
    public async Task A_block_moved_and_saved_stands_there_after_a_reload()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        var box = (await studio.ByTestId("block-fm").BoundingBoxAsync())!;

        await studio.Page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await studio.Page.Mouse.DownAsync();
        await studio.Page.Mouse.MoveAsync(box.X + box.Width / 2 + 160, box.Y + box.Height / 2 + 90,
            new() { Steps = 10 });
        await studio.Page.Mouse.UpAsync();
        await Assertions.Expect(studio.ByTestId("unsaved")).ToBeVisibleAsync();
        var moved = await Node(studio, "fm").EvaluateAsync<string>("n => getComputedStyle(n).transform");
        await studio.ByTestId("save").ClickAsync();
        await Assertions.Expect(studio.ByTestId("message")).ToHaveTextAsync("Saved synthdef.json.");
        await studio.Page.ReloadAsync();

        await Assertions.Expect(Node(studio, "fm")).ToHaveCSSAsync("transform", moved);
        var layout = JsonDocument.Parse(studio.Read("synthdef.json")).RootElement.GetProperty("layout");
        var fm = layout.GetProperty("fm");
        Assert.Equal(moved, $"matrix(1, 0, 0, 1, {fm.GetProperty("x").GetInt32()}, {fm.GetProperty("y").GetInt32()})");
        Assert.Equal(["fm", "lp", "DAC"], layout.EnumerateObject().Select(p => p.Name));
    }
}
