using System.Net;
using System.Net.NetworkInformation;

namespace CloudOrchestra.Web;

/// <summary>
/// Only the studio's own page may drive the studio, token or not. A web page elsewhere can make the browser send
/// requests here (a form or a <c>text/plain</c> fetch needs no permission), and a name of its own that it points at
/// this computer (DNS rebinding) makes them look same-origin. So every request must name this server in
/// <c>Host</c>; every call that changes something, and every WebSocket, must come from this server's own page
/// (<c>Origin</c>, which browsers always send on those, must be this server, or absent for tools such as curl);
/// and a body must be JSON, never one of the types a page may post anywhere without asking.
/// </summary>
internal sealed class SameOriginGate(RequestDelegate next, StudioOptions options)
{
    private static readonly string[] SimpleContentTypes = ["application/x-www-form-urlencoded", "multipart/form-data",
        "text/plain"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (Refusal(request) is { } refusal)
        {
            context.Response.StatusCode = refusal.Status;
            await context.Response.WriteAsJsonAsync(new { error = refusal.Message });
            return;
        }
        await next(context);
    }

    private (int Status, string Message)? Refusal(HttpRequest request)
    {
        var host = request.Host;
        if (!host.HasValue || !IsThisServer(host.Host))
        {
            return (StatusCodes.Status421MisdirectedRequest,
                $"this studio answers only to {AnswersTo()}, not to '{host.Value}' (a page of another site pointing "
                    + "its own name here)");
        }
        if (!request.Path.StartsWithSegments("/api")) return null;
        var changes = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
        var socket = request.HttpContext.WebSockets.IsWebSocketRequest;
        if ((changes || socket) && request.Headers.Origin.Count > 0 && !IsOwnOrigin(request))
        {
            return (StatusCodes.Status403Forbidden,
                $"a page of '{request.Headers.Origin}' may not drive this studio: only its own page may");
        }
        if (changes && !IsJsonOrEmpty(request))
        {
            return (StatusCodes.Status415UnsupportedMediaType,
                $"the body must be JSON ('Content-Type: application/json'), not '{request.ContentType}'");
        }
        return null;
    }

    private static bool IsOwnOrigin(HttpRequest request) =>
        string.Equals(request.Headers.Origin.ToString(), $"{request.Scheme}://{request.Host.Value}",
            StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A JSON body, or none at all (a call such as deploy needs no body); never a type a form could send.
    /// </summary>
    private static bool IsJsonOrEmpty(HttpRequest request)
    {
        var type = request.ContentType;
        if (string.IsNullOrEmpty(type))
            return request.ContentLength is null or 0
                && !request.Headers.TransferEncoding.Any(t => t is { Length: > 0 });
        if (SimpleContentTypes.Any(simple => type.StartsWith(simple, StringComparison.OrdinalIgnoreCase))) return false;
        return request.HasJsonContentType();
    }

    /// <summary>
    /// The server's own names: its address, or on every address this computer's addresses and names; always
    /// <c>localhost</c>.
    /// </summary>
    private bool IsThisServer(string name)
    {
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        var bound = IPAddress.Parse(
            StudioOptions.IsLoopback(options.Host) && options.Host == "localhost" ? "127.0.0.1" : options.Host);
        if (!IPAddress.TryParse(name.Trim('[', ']'), out var asked))
            return !IPAddress.IsLoopback(bound) && IsThisComputersName(name);
        if (IPAddress.IsLoopback(bound)) return IPAddress.IsLoopback(asked);
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any)) return asked.Equals(bound);
        return IPAddress.IsLoopback(asked) || LocalAddresses().Any(asked.Equals);
    }

    private bool IsThisComputersName(string name)
    {
        var computer = Dns.GetHostName();
        return string.Equals(name, computer, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, $"{computer}.local", StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<IPAddress> LocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address);

    private string AnswersTo() =>
        StudioOptions.IsLoopback(options.Host) ? "localhost and loopback addresses"
        : options.Host is "0.0.0.0" or "::" ? $"this computer's addresses, localhost and '{Dns.GetHostName()}'"
        : $"{options.Host}, localhost and '{Dns.GetHostName()}'";
}
