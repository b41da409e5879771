namespace CloudOrchestra.Web;

/// <summary>
/// How the studio runs: the orchestra it edits, where it listens, and the token every API call must carry when
/// it listens beyond this computer (null on loopback, where only this computer's users can reach it).
/// </summary>
public sealed record StudioOptions(string Directory, string Host = "127.0.0.1", int Port = 5170, string? Token = null,
    string? HostsFile = null)
{
    public static bool IsLoopback(string host) =>
        host == "localhost"
            || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>A fresh random token: 32 bytes, URL-safe base64.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=')
            .Replace('+', '-').Replace('/', '_');
}
