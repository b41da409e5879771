using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// Saving from the page changes in a musician's hand-written file only what was edited: its indentation, the order of
/// its keys, its one-line objects and the keys the page does not show all stay as they were.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SavedFormattingTests(Chromium chromium)
{
    private const string HandWritten = """
        {
          "comment": "my band",
          "blocks": {
            "fm": { "module": "fm", "comment": "the voice" },
            "lp": { "module": "lp" },
            "out": { "module": "DAC", "channels": 2 }
          },
          "connections": [
            {"source": "fm", "sink": "lp"},
            {"source": "lp", "sink": "out"}
          ]
        }

        """;

    private static async Task Rename(StudioPage studio, string block, string name)
    {
        await studio.ByTestId($"block-{block}").ClickAsync();
        await studio.ByTestId("block-name").FillAsync(name);
        await studio.ByTestId("block-name").PressAsync("Enter");
        await Assertions.Expect(studio.ByTestId($"block-{name}")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Save_keeps_the_synthdef_as_written_where_it_did_not_change()
    {
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", HandWritten));

        await Rename(studio, "fm", "voice");
        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToHaveTextAsync("Saved synthdef.json.");
        // What was edited (a name), and the canvas's layout, new, in the style of the file.
        Assert.Equal(HandWritten.Replace("\"fm\": {", "\"voice\": {")
            .Replace("\"source\": \"fm\"", "\"source\": \"voice\"").Replace("""
                ]
              }
              """, """
                ],
                "layout": {
                  "voice": {"x": 40, "y": 40},
                  "lp": {"x": 270, "y": 40},
                  "out": {"x": 500, "y": 40}
                }
              }
              """), studio.Read("synthdef.json"));
    }

    [Fact]
    public async Task Save_keeps_the_comments_beside_what_did_not_change()
    {
        const string Commented = """
            // our band's orchestra
            {
                "blocks": {
                    // the voice
                    "fm": { "module": "fm" },
                    "lp": { "module": "lp" } // a gentle filter
                },
                "connections": [
                    { "source": "fm", "sink": "lp" },
                    { "source": "lp", "sink": "DAC" }
                ],
                "layout": { "fm": { "x": 40, "y": 40 }, "lp": { "x": 270, "y": 40 }, "DAC": { "x": 500, "y": 40 } }
            }

            """;
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", Commented));

        await Rename(studio, "fm", "voice");
        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToHaveTextAsync("Saved synthdef.json.");
        Assert.Equal(
            Commented.Replace("\"fm\": {", "\"voice\": {").Replace("\"source\": \"fm\"", "\"source\": \"voice\""),
            studio.Read("synthdef.json"));
    }

    [Fact]
    public async Task An_edited_synthdef_that_cannot_be_saved_is_reported_where_it_stands_in_the_file()
    {
        var broken = HandWritten.Replace("\"lp\": { \"module\": \"lp\" }", "\"lp\": { \"module\": \"lpf\" }");
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", broken));

        await Rename(studio, "fm", "voice");
        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToContainTextAsync("Not saved");
        await Assertions.Expect(studio.Page.Locator("[data-testid=findings] li")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex($"synthdef.json:{LocatedFindingsTests.Locate(broken, "\"lpf\"")}: "
                + $"error: block 'lp': unknown module 'lpf'"));
        Assert.Equal(broken, studio.Read("synthdef.json"));
    }

    [Fact]
    public async Task Save_machines_keeps_the_hosts_file_as_written_where_it_did_not_change()
    {
        const string Hosts = """
            {
              "cloud": "local",
              "hosts": [
                {"name": "h1", "host": "10.77.0.11", "username": "music", "cores": 2, "memory": 512},
                {"name": "h2", "host": "10.77.0.12", "username": "music", "cores": 2}
              ]
            }

            """;
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("hosts.json", Hosts));
        await studio.ByTestId("edit-hosts").ClickAsync();

        await studio.ByTestId("host-1-cores").FillAsync("4");
        await studio.ByTestId("save-hosts").ClickAsync();

        await Assertions.Expect(studio.ByTestId("hosts-editor")).ToHaveCountAsync(0);
        Assert.Equal(Hosts.Replace("\"10.77.0.12\", \"username\": \"music\", \"cores\": 2",
            "\"10.77.0.12\", \"username\": \"music\", \"cores\": 4"), studio.Read("hosts.json"));
    }
}
