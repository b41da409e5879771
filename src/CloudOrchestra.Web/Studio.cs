using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Orchestration;
using CloudOrchestra.Deploy.Processes;
using Microsoft.Extensions.FileProviders;

namespace CloudOrchestra.Web;

/// <summary>
/// The web studio: the orchestra API over the same library as the CLI, and the page (the front end built from
/// <c>web/</c> at set-up) served from the same origin. Loopback only unless told otherwise, and then every API
/// call needs the token; token or not, only the studio's own page may drive it (<see cref="SameOriginGate"/>).
/// </summary>
public static class Studio
{
    /// <summary>
    /// From configuration (<c>Orchestra:Directory</c>, <c>Orchestra:Hosts</c>, <c>Studio:Token</c>): the tests' and
    /// <c>dotnet run</c>'s way.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var directory = builder.Configuration["Orchestra:Directory"] ?? Directory.GetCurrentDirectory();
        var options = new StudioOptions(Path.GetFullPath(directory), Token: builder.Configuration["Studio:Token"],
            HostsFile: builder.Configuration["Orchestra:Hosts"]);
        return Build(builder, options);
    }

    /// <summary>As <c>orchestra serve</c> runs it: on the options' address and port.</summary>
    public static WebApplication Build(StudioOptions options)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(
            $"http://{(options.Host.Contains(':') ? $"[{options.Host}]" : options.Host)}:{options.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return Build(builder, options);
    }

    private static WebApplication Build(WebApplicationBuilder builder, StudioOptions options)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DeploymentHub>();
        var run = new CommandRunner();
        builder.Services.AddSingleton(new Deployer(run));
        builder.Services.AddSingleton(new DeploymentStatus(SshTransport.For(run)));
        var app = builder.Build();
        app.UseWebSockets();
        app.UseMiddleware<SameOriginGate>();
        app.UseMiddleware<TokenGate>();
        if (FrontEnd() is { } dist)
        {
            var files = new PhysicalFileProvider(dist);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        else
        {
            app.MapGet("/", () => Results.Content(
                "<!doctype html><title>CloudOrchestra</title><p>The studio's page is not built: "
                    + "run <code>scripts/setup</code>. The API is at <code>/api</code>.</p>",
                "text/html"));
        }
        OrchestraApi.Map(app);
        DeploymentApi.Map(app);
        ListenApi.Map(app);
        return app;
    }

    /// <summary>
    /// The built page: <c>web/dist</c> of the repository (set-up builds it), found above this assembly.
    /// </summary>
    private static string? FrontEnd()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "web", "dist");
            if (File.Exists(Path.Combine(dist, "index.html"))) return dist;
        }
        return null;
    }
}
