using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Orchestration;

namespace CloudOrchestra.Web;

/// <summary>
/// Deploying from the page, with the library <c>orchestra up</c> and <c>down</c> use: <c>POST /api/deploy</c>,
/// <c>POST /api/teardown</c> (202, or 409 while another runs), <c>GET /api/events</c> (server-sent events: every
/// step on every machine, then the outcome) and <c>GET /api/status</c> (the document <c>orchestra status --json</c>
/// prints).
/// </summary>
internal static class DeploymentApi
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/deploy", (StudioOptions options, DeploymentHub hub, Deployer deployer) =>
            hub.TryStart("up", async (progress, cancel) =>
            {
                // The CLI's decisions, from the same library: an orchestra up stays up; an unfinished one is cleaned
                // first.
                var result = await deployer.UpAsync(options.Directory, options.HostsFile, new Progress<string>(),
                    progress, null, cancel);
                switch (result)
                {
                    case UpResult.AlreadyUp: throw new InvalidOperationException("the orchestra is already up");
                    case UpResult.Invalid invalid: throw new InvalidOperationException(
                        string.Join("\n", invalid.Diagnostics.Where(d => d.IsError)));
                    case UpResult.EarlierNotStopped earlier:
                        throw new InvalidOperationException("an earlier deployment did not finish and could not be "
                            + $"stopped:\n{earlier.Teardown.Unfinished}");
                }
            }) ? Results.Accepted("/api/events", new { operation = "up" }) : Busy());

        app.MapPost("/api/teardown", (StudioOptions options, DeploymentHub hub, Deployer deployer) =>
            hub.TryStart("down", async (progress, cancel) =>
            {
                var teardown = await deployer.DownAsync(options.Directory, progress, cancel)
                    ?? throw new InvalidOperationException("the orchestra is not up");
                if (!teardown.Complete)
                    throw new InvalidOperationException($"could not stop everything:\n{teardown.Unfinished}");
            }) ? Results.Accepted("/api/events", new { operation = "down" }) : Busy());

        app.MapGet("/api/events", async (HttpContext context, DeploymentHub hub) =>
        {
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await foreach (var line in hub.Listen(context.RequestAborted))
                {
                    await context.Response.WriteAsync($"data: {line}\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // the page went away
            }
        });

        app.MapGet("/api/status",
            async (StudioOptions options, Deployer deployer, DeploymentStatus status, CancellationToken cancel) =>
        {
            if (deployer.StateOf(options.Directory) is not { Up: true } state)
                return Results.NotFound(new { up = false, error = "the orchestra is not up" });
            var machines = await status.StatusAsync(state, cancel);
            return JsonAnswer.Of(w => StatusJson.Write(w, machines, state.Conductor));
        });
    }

    private static IResult Busy() =>
        Results.Conflict(new { error = "a deployment or teardown is running: wait for its 'done' event" });
}
