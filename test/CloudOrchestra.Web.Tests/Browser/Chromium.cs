using Microsoft.Playwright;

namespace CloudOrchestra.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: one browser for every test of the collection, each test in a
/// page of its own.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        // A busy machine (the audio suite runs beside these) answers slower than Playwright's 5 s default expects.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchAsync();
    }

    /// <summary>
    /// A fresh context (cookies, storage, pages of its own) for one test; in a new browser when the last one went away
    /// (Chromium now and then crashes as a page that asked before unloading is closed), so that one test's crash does
    /// not fail the rest.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        if (_browser is not { IsConnected: true }) _browser = await LaunchAsync();
        return await _browser.NewContextAsync(options);
    }

    private Task<IBrowser> LaunchAsync() => _playwright!.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox"],
    });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}
