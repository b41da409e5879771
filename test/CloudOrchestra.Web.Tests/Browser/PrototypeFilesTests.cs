using CloudOrchestra.Loading;
using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// The prototype's own files, edited in the studio: they stay the prototype's, and the CLI still reads them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrototypeFilesTests(Chromium chromium)
{
    private static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CloudOrchestra.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "..", "shared", "fixtures", "prototype", name);
    }

    [Fact]
    public async Task A_block_renamed_in_the_prototypes_example_changes_only_its_name_and_adds_the_layout()
    {
        var fixture = Fixture("fm-lp-multi-host-example");
        var files = OrchestraFiles.Create();
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
            files.Write(Path.GetRelativePath(fixture, file), File.ReadAllText(file));
        var original = File.ReadAllText(Path.Combine(fixture, "synthdef.json"));
        await using var studio = await StudioPage.OpenAsync(chromium, files);

        await studio.ByTestId("block-lp4").ClickAsync();
        await studio.ByTestId("block-name").FillAsync("echo");
        await studio.ByTestId("block-name").PressAsync("Enter");
        await studio.ByTestId("save").ClickAsync();

        await Assertions.Expect(studio.ByTestId("message")).ToHaveTextAsync("Saved synthdef.json.");
        var saved = studio.Read("synthdef.json");
        var renamed = original.Replace("\"lp4\":{", "\"echo\":{").Replace("\"source\":\"lp4\"", "\"source\":\"echo\"")
            .Replace("\"sink\":\"lp4\"", "\"sink\":\"echo\"");
        var end = renamed.LastIndexOf("\n}", StringComparison.Ordinal);
        Assert.StartsWith(renamed[..end] + ",\n    \"layout\":{\n        \"adc\":{\"x\":", saved);
        Assert.EndsWith(renamed[end..], saved);
        var reloaded = OrchestraLoader.Load(files.Directory, null, requireHosts: true);
        Assert.Empty(reloaded.Diagnostics);
        Assert.Equal(["adc", "dac", "lp", "fm", "lp2", "lp3", "echo"], reloaded.Orchestra!.Blocks.Select(b => b.Name));
    }
}
