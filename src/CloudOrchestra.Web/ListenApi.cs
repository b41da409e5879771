using System.Net.WebSockets;
using System.Text;
using CloudOrchestra.Deploy.Listening;
using CloudOrchestra.Deploy.Orchestration;

namespace CloudOrchestra.Web;

/// <summary>
/// <c>/api/listen</c>, a WebSocket: what reaches the listener, as the studio's page plays it. A JACK client of our
/// own on the listener's server (as <c>orchestra listen</c> uses) takes the orchestra's output; the socket first
/// sends <c>{"sampleRate": 48000}</c>, then mono 32-bit float samples (little-endian) every 40 ms.
/// </summary>
internal static class ListenApi
{
    private static int _clients;

    public static void Map(WebApplication app)
    {
        app.Map("/api/listen", async (HttpContext context, StudioOptions options, Deployer deployer) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new { error = "/api/listen is a WebSocket" });
                return;
            }
            if (deployer.StateOf(options.Directory) is not { Up: true } state || state.ListenerPorts.Count == 0)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                await context.Response.WriteAsJsonAsync(
                    new { error = "nothing to hear: the orchestra is not up, or has no DAC" });
                return;
            }
            // The page passes its token as a subprotocol (a browser cannot set headers on a WebSocket); accept the one
            // offered.
            using var socket = await context.WebSockets.AcceptWebSocketAsync(
                context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault());
            using var capture = JackCapture.Open(state.JackServer,
                $"studio-listen-{Interlocked.Increment(ref _clients)}", state.ListenerPorts);
            await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"sampleRate\": {capture.SampleRate}}}"),
                WebSocketMessageType.Text, true, context.RequestAborted);
            var closed = socket.ReceiveAsync(new byte[64], context.RequestAborted);
            using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(40));
            while (socket.State == WebSocketState.Open && !closed.IsCompleted && !capture.ServerGone)
            {
                try
                {
                    await ticks.WaitForNextTickAsync(context.RequestAborted);
                    var mono = new Audio.WavFile(capture.SampleRate, capture.Read()).Mono();
                    await socket.SendAsync(
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(mono.AsSpan()).ToArray(),
                        WebSocketMessageType.Binary, true, context.RequestAborted);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                    return;
                }
            }
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure,
                    capture.ServerGone ? "the orchestra went down" : "bye", CancellationToken.None);
            }
        });
    }
}
