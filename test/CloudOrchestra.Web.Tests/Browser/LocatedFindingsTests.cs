using System.Text;
using System.Text.RegularExpressions;
using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>What is wrong in a synthdef is shown where it stands in the musician's file, as the CLI shows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LocatedFindingsTests(Chromium chromium)
{
    private const string Broken = """
        {
            "blocks": {
                "fm": { "module": "fm" },
                "lp": { "module": "lpf" }
            },
            "connections": [
                { "source": "fm", "sink": "lp" }
            ]
        }
        """;

    /// <summary>line:column of the first <paramref name="token"/> in <paramref name="text"/>.</summary>
    public static string Locate(string text, string token)
    {
        var index = text.IndexOf(token, StringComparison.Ordinal);
        var line = text[..index].Count(c => c == '\n') + 1;
        return $"{line}:{index - text.LastIndexOf('\n', Math.Max(0, index - 1)) }";
    }

    [GeneratedRegex(@":1:\d+: error")]
    private static partial Regex FirstLine();

    [Fact]
    public async Task Save_reports_an_error_where_it_stands_in_the_file()
    {
        await using var studio =
            await StudioPage.OpenAsync(chromium, OrchestraFiles.Create().Write("synthdef.json", Broken));
        var findings = studio.Page.Locator("[data-testid=findings] li");
        await Assertions.Expect(studio.ByTestId("block-lp")).ToBeVisibleAsync();

        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToContainTextAsync("Not saved");
        await Assertions.Expect(findings.Filter(new()
            { HasText = $"synthdef.json:{Locate(Broken, "\"lpf\"")}: error: block 'lp': unknown module 'lpf'" }).First)
            .ToBeVisibleAsync();
        await Assertions.Expect(findings.Filter(new() { HasTextRegex = FirstLine() })).ToHaveCountAsync(0);
        Assert.Equal(Broken, studio.Read("synthdef.json"));
    }

    [Fact]
    public async Task Open_reports_an_error_where_it_stands_in_the_opened_file()
    {
        const string Mine = """
            {
              "blocks": {
                "voice": {"module": "fm"},
                "filter": {"module": "lpf"}
              },
              "connections": [{"source": "voice", "sink": "filter"}]
            }
            """;
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        var findings = studio.Page.Locator("[data-testid=findings] li");

        await studio.Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            { Name = "mine.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(Mine) });

        await Assertions.Expect(studio.ByTestId("block-filter")).ToBeVisibleAsync();
        await Assertions.Expect(findings.Filter(new()
            { HasText = $"mine.json:{Locate(Mine, "\"lpf\"")}: error: block 'filter': unknown module 'lpf'" }).First)
            .ToBeVisibleAsync();
        await Assertions.Expect(findings.Filter(new() { HasTextRegex = FirstLine() })).ToHaveCountAsync(0);
    }
}
