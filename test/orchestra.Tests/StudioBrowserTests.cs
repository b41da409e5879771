using System.Globalization;
using CloudOrchestra.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// The studio as a musician uses it, in Debian's headless Chromium driven by Playwright: build a graph by drag and
/// drop, save it, see it planned, deploy it to the local cloud, see it running, hear it in the page, tear it down.
/// Screenshots of each stage go to artifacts/screenshots.
/// </summary>
[Collection("cli")]
public sealed class StudioBrowserTests(LocalCloudFixture cloud, ITestOutputHelper output)
    : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly string Screenshots = Path.Combine(OrchestraCli.RepositoryRoot, "artifacts", "screenshots");
    private readonly string _root = Directory.CreateTempSubdirectory("orchestra-studio-").FullName;

    public void Dispose()
    {
        OrchestraCli.Run(_root, cloud.Environment, "down", "band");
        Directory.Delete(_root, true);
    }

    /// <summary>Drags from one port to another as a hand does, through the points between: a drag that jumps straight
    /// there (Playwright's DragTo) sometimes left React Flow without a connection.</summary>
    private static async Task Wire(IPage page, ILocator from, ILocator to)
    {
        var (a, b) = (await SettledBox(page, from), await SettledBox(page, to));
        await page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>
    /// Where an element is once it has stopped moving: the same box on two animation frames in a row. React Flow moves
    /// nodes after they are added (measured, then fitted into view), and a block grows a line when the plan names its
    /// machine: a mouse pressed where a handle was a frame before presses the canvas, and draws nothing.
    /// </summary>
    private static async Task<LocatorBoundingBoxResult> SettledBox(IPage page, ILocator element)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var box = await element.BoundingBoxAsync();
        while (true)
        {
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            var next = await element.BoundingBoxAsync();
            Assert.NotNull(next);
            if (box is not null && (box.X, box.Y, box.Width, box.Height) == (next.X, next.Y, next.Width, next.Height))
                return next;
            Assert.True(DateTime.UtcNow < deadline, "the element kept moving for 10 s");
            box = next;
        }
    }

    [RootFact]
    public async Task A_graph_drawn_in_the_page_is_saved_planned_deployed_heard_and_torn_down()
    {
        OrchestraCli.Run(_root, cloud.Environment, "init", "band");
        File.WriteAllText(Path.Combine(_root, "band", "synthdef.json"), """{"blocks": {}, "connections": []}""");
        using var serve = new ServeProcess(_root, cloud.Environment, "band", "--port", "0", "--hosts", cloud.HostsFile);
        Directory.CreateDirectory(Screenshots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        page.Console += (_, m) => output.WriteLine($"page: {m.Text}");
        async Task Shot(string name) =>
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"studio-{name}.png") });
        try
        {
            await page.GotoAsync(serve.BaseAddress.ToString());
            await page.GetByTestId("module-fm").WaitForAsync();

            // Drag an FM voice and the DAC from the palette onto the canvas, then wire the voice's output to the DAC.
            await page.GetByTestId("module-fm").DragToAsync(page.GetByTestId("canvas"),
                new() { TargetPosition = new() { X = 250, Y = 200 } });
            await page.GetByTestId("module-DAC").DragToAsync(page.GetByTestId("canvas"),
                new() { TargetPosition = new() { X = 600, Y = 260 } });
            // The plan of the two blocks names each one's machine (a line more in each block): wired after that, not
            // during.
            await Assertions.Expect(page.GetByTestId("block-fm1").Locator(".block-machine")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("block-DAC").Locator(".block-machine")).ToBeVisibleAsync();
            await Wire(page, page.GetByTestId("fm1-out1"), page.GetByTestId("DAC-in1"));
            await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);
            await Shot("1-drawn");

            // Rename the voice in the inspector (click it to select it).
            await page.GetByTestId("block-fm1").ClickAsync();
            await page.GetByTestId("block-name").FillAsync("voice");
            await page.GetByTestId("block-name").PressAsync("Enter");
            await Assertions.Expect(page.GetByTestId("block-voice")).ToBeVisibleAsync();

            await page.GetByTestId("save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToHaveTextAsync("Saved synthdef.json.");
            var saved = System.Text.Json.JsonDocument
                .Parse(File.ReadAllText(Path.Combine(_root, "band", "synthdef.json"))).RootElement;
            Assert.Equal("fm", saved.GetProperty("blocks").GetProperty("voice").GetProperty("module").GetString());
            var connection = Assert.Single(saved.GetProperty("connections").EnumerateArray());
            Assert.Equal(("voice", "DAC"),
                (connection.GetProperty("source").GetString(), connection.GetProperty("sink").GetString()));
            await Assertions.Expect(page.GetByTestId("cost")).ToContainTextAsync("proven optimal");
            await Shot("2-planned");

            await page.GetByTestId("deploy").ClickAsync();
            await Assertions.Expect(page.GetByTestId("outcome"))
                .ToHaveTextAsync("Deploy finished", new() { Timeout = 120_000 });
            await Assertions.Expect(page.GetByTestId("status"))
                .ToContainTextAsync("Everything is running and wired as planned.", new() { Timeout = 20_000 });
            await Shot("3-deployed");

            await page.GetByTestId("listen").ClickAsync();
            await page.WaitForFunctionAsync(
                "() => { const l = document.querySelector('[data-testid=level]').dataset.level; "
                + "return l !== '' && Number(l) > -40; }",
                null, new() { Timeout = 20_000 });
            var level = double.Parse((await page.GetByTestId("level").GetAttributeAsync("data-level"))!,
                CultureInfo.InvariantCulture);
            Assert.InRange(level, -40, 0);
            await Shot("4-listening");

            await page.GetByTestId("teardown").ClickAsync();
            await Assertions.Expect(page.GetByTestId("outcome"))
                .ToHaveTextAsync("Teardown finished", new() { Timeout = 120_000 });
            await Shot("5-torn-down");
            Assert.Empty(cloud.LeftoverProcesses("band"));
        }
        catch
        {
            await Shot("failed");
            output.WriteLine(cloud.Logs());
            throw;
        }
    }
}
