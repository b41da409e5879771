using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// Editing the hosts file's machines in the page: what is typed is what is checked, every problem shown.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MachinesEditorTests(Chromium chromium)
{
    [Fact]
    public async Task A_bad_address_and_a_machine_listed_twice_are_both_reported()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        var before = studio.Read("hosts.json");
        await studio.ByTestId("edit-hosts").ClickAsync();

        await studio.ByTestId("host-0-host").FillAsync("a b");
        await studio.ByTestId("host-1-name").FillAsync("h1");
        await studio.ByTestId("save-hosts").ClickAsync();

        var findings = studio.ByTestId("hosts-editor").GetByTestId("findings").Locator("li");
        await Assertions.Expect(findings).ToHaveCountAsync(2);
        await Assertions.Expect(findings.Filter(new()
            { HasText = "host 'h1': address 'a b' is not a hostname or IP address ($[0].host)" }))
            .ToHaveCountAsync(1);
        await Assertions.Expect(findings.Filter(new()
            { HasText = "host 'h1' is listed twice (first at line 2) ($[1])" })).ToHaveCountAsync(1);
        Assert.Equal(before, studio.Read("hosts.json"));
    }

    [Theory]
    [InlineData("-2", "host 'h1': 'cores' must be from 1 to 4096, but is -2 ($[0].cores)")]
    [InlineData("two", "host 'h1': 'cores' must be a whole number, but is the string \"two\" ($[0].cores)")]
    public async Task Cores_are_saved_as_typed_and_what_is_wrong_is_reported_located(string typed, string error)
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        var before = studio.Read("hosts.json");
        await studio.ByTestId("edit-hosts").ClickAsync();

        await studio.ByTestId("host-0-cores").ClearAsync();
        await studio.ByTestId("host-0-cores").PressSequentiallyAsync(typed);
        await studio.ByTestId("save-hosts").ClickAsync();

        await Assertions.Expect(studio.ByTestId("host-0-cores")).ToHaveValueAsync(typed);
        await Assertions.Expect(studio.ByTestId("hosts-editor").GetByTestId("findings")).ToContainTextAsync(error);
        await Assertions.Expect(studio.ByTestId("hosts-editor").GetByTestId("findings"))
            .ToContainTextAsync($"hosts.json:{LocatedFindingsTests.Locate(OrchestraFiles.Hosts, "2 }")}: error");
        Assert.Equal(before, studio.Read("hosts.json"));
    }

    [Fact]
    public async Task Cores_can_be_emptied_and_typed_again()
    {
        await using var studio = await StudioPage.OpenAsync(chromium, OrchestraFiles.Create());
        await studio.ByTestId("edit-hosts").ClickAsync();
        var cores = studio.ByTestId("host-0-cores");

        await cores.FillAsync("");
        await Assertions.Expect(cores).ToHaveValueAsync("");
        await cores.PressSequentiallyAsync("3");
        await Assertions.Expect(cores).ToHaveValueAsync("3");
        await studio.ByTestId("save-hosts").ClickAsync();

        await Assertions.Expect(studio.ByTestId("hosts-editor")).Not.ToBeVisibleAsync();
        var saved = System.Text.Json.JsonDocument.Parse(studio.Read("hosts.json")).RootElement;
        Assert.Equal(3, saved[0].GetProperty("cores").GetInt32());
    }
}
