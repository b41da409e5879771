using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>Editing the hosts file's machines in the page: what is typed is what is checked, every problem shown.</summary>
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
        await Assertions.Expect(findings.Filter(new() { HasText = "host 'h1': address 'a b' is not a hostname or IP address ($[0].host)" })).ToHaveCountAsync(1);
        await Assertions.Expect(findings.Filter(new() { HasText = "host 'h1' is listed twice (first at line 1) ($[1])" })).ToHaveCountAsync(1);
        Assert.Equal(before, studio.Read("hosts.json"));
    }
}
