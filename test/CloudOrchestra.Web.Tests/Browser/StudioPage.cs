using Microsoft.AspNetCore.Builder;
using CloudOrchestra.Testing;
using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// The studio as <c>orchestra serve</c> runs it (a real server on a free loopback port, the page built into
/// <c>web/dist</c>) over an orchestra in a temporary directory, open in a page of its own. No cloud: nothing here
/// deploys.
/// </summary>
public sealed class StudioPage : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly IBrowserContext _context;

    private StudioPage(OrchestraFiles files, WebApplication server, IBrowserContext context, IPage page)
    {
        Files = files;
        _server = server;
        _context = context;
        Page = page;
    }

    public OrchestraFiles Files { get; }

    public IPage Page { get; }

    /// <summary>Serves the orchestra and opens the page once it shows the module palette.</summary>
    public static async Task<StudioPage> OpenAsync(Chromium chromium, OrchestraFiles files)
    {
        var server = Studio.Build(new StudioOptions(files.Directory, Port: 0));
        await server.StartAsync();
        var context = await chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var studio = new StudioPage(files, server, context, page);
        await page.GotoAsync(server.Urls.Single());
        await Assertions.Expect(page.GetByTestId("module-fm")).ToBeVisibleAsync();
        return studio;
    }

    public ILocator ByTestId(string id) => Page.GetByTestId(id);

    public string Read(string file) => File.ReadAllText(Files.PathOf(file));

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
        Files.Dispose();
    }
}
