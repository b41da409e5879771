using System.Security.Cryptography;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// A deployment's shared secret: 32 random bytes as hex, which its nodes prove to each other in their handshake so
/// that a node admits only peers of its own deployment. <c>up</c> keeps it in the deployment's state directory (a
/// resume uses the same); every machine gets it in <c>node.secret</c>, readable by the deployment's user alone.
/// </summary>
public static class NodeSecret
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret kept at <paramref name="path"/>, made first if there is none.</summary>
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: 64 } kept && kept.All(char.IsAsciiHexDigit))
            return kept;
        var secret = New();
        WritePrivate(path, secret + "\n");
        return secret;
    }

    /// <summary>Writes a file that only this user may read, from its first byte on.</summary>
    public static void WritePrivate(string path, string text)
    {
        File.Delete(path);
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write,
            UnixCreateMode = FileModes.Secret,
        });
        file.Write(System.Text.Encoding.ASCII.GetBytes(text));
    }
}
