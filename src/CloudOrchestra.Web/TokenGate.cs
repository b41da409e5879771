using System.Security.Cryptography;
using System.Text;

namespace CloudOrchestra.Web;

/// <summary>
/// When the studio is reachable from other computers, every API call and stream must carry
/// <c>Authorization: Bearer TOKEN</c>; anything else gets 401. The page itself (static files) is public: it holds no data.
/// </summary>
internal sealed class TokenGate(RequestDelegate next, StudioOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (options.Token is { } token && context.Request.Path.StartsWithSegments("/api") && !Carries(context.Request, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new { error = "this studio needs 'Authorization: Bearer TOKEN': the token 'orchestra serve' printed" });
            return;
        }
        await next(context);
    }

    private static bool Carries(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        // Constant time: how much of a guess matches must not show in how long the answer takes.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
