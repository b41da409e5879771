using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// Edits not yet saved are marked, deployed only once saved, and not lost to a reload without asking. Deploy never
/// reaches a cloud here: the page's call is answered in the browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UnsavedChangesTests(Chromium chromium)
{
    private static async Task RenameFmToVoice(StudioPage studio)
    {
        await studio.ByTestId("block-fm").ClickAsync();
        await studio.ByTestId("block-name").FillAsync("voice");
        await studio.ByTestId("block-name").PressAsync("Enter");
        await Assertions.Expect(studio.ByTestId("block-voice")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_edit_is_marked_unsaved_until_it_is_saved()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        await Assertions.Expect(studio.ByTestId("unsaved")).ToHaveCountAsync(0);

        await RenameFmToVoice(studio);
        await Assertions.Expect(studio.ByTestId("unsaved")).ToHaveTextAsync("Unsaved changes");
        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToHaveTextAsync("Saved synthdef.json.");
        await Assertions.Expect(studio.ByTestId("unsaved")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Deploy_saves_the_edits_first_so_that_what_runs_is_what_the_canvas_shows()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        string? deployed = null;
        await studio.Page.RouteAsync("**/api/deploy", async route =>
        {
            deployed = studio.Read("synthdef.json");
            await route.FulfillAsync(new()
                { Status = 409, ContentType = "application/json", Body = """{"error": "answered by the test"}""" });
        });
        await RenameFmToVoice(studio);

        await Assertions.Expect(studio.ByTestId("deploy")).ToHaveTextAsync("Save and deploy");
        await studio.ByTestId("deploy").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToHaveTextAsync("answered by the test");
        Assert.NotNull(deployed);
        Assert.Contains("\"voice\"", deployed);
        Assert.DoesNotContain("\"fm\":", deployed);
        await Assertions.Expect(studio.ByTestId("unsaved")).ToHaveCountAsync(0);
        await Assertions.Expect(studio.ByTestId("deploy")).ToHaveTextAsync("Deploy");
    }

    [Fact]
    public async Task Deploy_of_edits_that_cannot_be_saved_deploys_nothing()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", """
        {"blocks": {"fm": {"module": "fm"}, "lp": {"module": "lpf"}}, "connections": [{"source": "fm", "sink": "lp"}]}
        """));
        var asked = false;
        await studio.Page.RouteAsync("**/api/deploy", async route =>
        {
            asked = true;
            await route.FulfillAsync(new()
                { Status = 409, ContentType = "application/json", Body = """{"error": "answered by the test"}""" });
        });
        await RenameFmToVoice(studio);

        await studio.ByTestId("deploy").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message"))
            .ToHaveTextAsync("Not deployed: the synthdef has errors (see Findings).");
        Assert.False(asked);
        await Assertions.Expect(studio.ByTestId("unsaved")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Leaving_with_unsaved_edits_asks_first()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        var asked = new TaskCompletionSource<string>();
        studio.Page.Dialog += async (_, dialog) =>
        {
            asked.TrySetResult(dialog.Type);
            await dialog.DismissAsync();
        };
        await RenameFmToVoice(studio);

        await studio.Page.CloseAsync(new() { RunBeforeUnload = true });

        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(studio.Page.IsClosed);
        // Saved, it goes without asking.
        await studio.ByTestId("save").ClickAsync();
        await Assertions.Expect(studio.ByTestId("unsaved")).ToHaveCountAsync(0);
    }
}
