using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// The node's program (NativeAOT, linux-x64, 3.4 MB) as machines get it. This assembly carries it; the state directory
/// keeps one copy of each build, and every machine's stage holds a hard link to that copy rather than a copy of its
/// own. The copy keeps the build's time: rsync, which compares size and time, finds it unchanged on the next sync.
/// </summary>
public static partial class NodeProgram
{
    private static readonly Lazy<string> Checksum =
        new(() => Convert.ToHexStringLower(SHA256.HashData(DeploymentStage.NodeBinary))[..16]);

    /// <summary>This build's copy in the state directory, written the first time.</summary>
    public static string Cached(string stateRoot)
    {
        var directory = Path.Combine(stateRoot, "node");
        var path = Path.Combine(directory, $"orchestra-node-{Checksum.Value}");
        if (File.Exists(path) && new FileInfo(path).Length == DeploymentStage.NodeBinary.Length) return path;
        Directory.CreateDirectory(directory);
        var next = $"{path}.{Environment.ProcessId}.next";
        Write(next);
        File.Move(next, path, overwrite: true);   // whole or not at all: another up may be reading it
        return path;
    }

    /// <summary>
    /// The program at <paramref name="at"/>: a link to <paramref name="cached"/> where it can be, else a copy.
    /// </summary>
    public static void Place(string at, string? cached)
    {
        File.Delete(at);
        if (cached is null || link(cached, at) != 0) Write(at);
    }

    private static void Write(string path)
    {
        File.WriteAllBytes(path, DeploymentStage.NodeBinary);
        File.SetUnixFileMode(path, FileModes.Program);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(typeof(NodeProgram).Assembly.Location));
    }

    /// <summary>
    /// Where a machine keeps the node's program between deployments, relative to the user's home: the agent links the
    /// program there as it checks the machine (<c>platform</c>), and the next sync links it from there (rsync's
    /// <c>--link-dest</c>) instead of sending its 3.4 MB again, when size, time and mode are the same.
    /// </summary>
    public const string MachineCache = ".cache/cloudorchestra/node";

    /// <summary>
    /// rsync's <c>--link-dest</c> for a deployment directory relative to the home (<c>.cloudorchestra/ID</c>).
    /// </summary>
    public static string LinkDestFor(string remoteDirectory) =>
        $"--link-dest={string.Join('/', remoteDirectory.Split('/').Select(_ => ".."))}/{MachineCache}";

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string existing, string created);
}
