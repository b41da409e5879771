using System.Security.Cryptography;
using System.Text;

namespace CloudOrchestra.Web;

/// <summary>
/// When the studio is reachable from other computers, every API call and stream must carry
/// <c>Authorization: Bearer TOKEN</c>; anything else gets 401. The page itself (static files) is public: it holds no
/// data.
/// </summary>
internal sealed class TokenGate(RequestDelegate next, StudioOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (options.Token is { } token && context.Request.Path.StartsWithSegments("/api")
            && !Carries(context.Request, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(
                new { error = "this studio needs 'Authorization: Bearer TOKEN': the token 'orchestra serve' printed" });
            return;
        }
        await next(context);
    }

    /// <summary>
    /// The token in the Authorization header; for a WebSocket, which a browser cannot give headers, as the subprotocol
    /// "bearer.TOKEN".
    /// </summary>
    private static bool Carries(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
            return Same(header["Bearer ".Length..].Trim(), token);
        return request.HttpContext.WebSockets.IsWebSocketRequest
            && request.HttpContext.WebSockets.WebSocketRequestedProtocols.Any(
                p => p.StartsWith("bearer.", StringComparison.Ordinal) && Same(p["bearer.".Length..], token));
    }

    // Constant time: how much of a guess matches must not show in how long the answer takes.
    private static bool Same(string offered, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(token));
}
