using System.Runtime.InteropServices;

namespace CloudOrchestra.Deploy;

/// <summary>
/// A directory only this user may use: made with mode 0700 when missing, and refused when it is a link, or belongs to
/// someone else (who made it first in a shared place such as /tmp, to read or replace what goes in it). ssh's shared
/// connections live in one: whoever can swap a socket there can sit between the tool and its machines.
/// </summary>
public static partial class PrivateDirectory
{
    /// <exception cref="UnauthorizedAccessException">It exists and is not this user's own directory.</exception>
    public static string Ensure(string path)
    {
        Directory.CreateDirectory(path, FileModes.OwnerOnly);
        var (uid, mode) = Owner(path);
        if ((mode & 0xF000) != 0x4000)
            throw new UnauthorizedAccessException(
                $"'{path}' should be a private directory of this user, but is a link or a file: remove it");
        if (uid != geteuid())
            throw new UnauthorizedAccessException($"'{path}' belongs to another user (uid {uid}), "
                + "who could read or replace what this tool keeps there: remove it, or set XDG_RUNTIME_DIR");
        if ((mode & 0x3F) != 0) File.SetUnixFileMode(path, FileModes.OwnerOnly);
        return path;
    }

    /// <summary>
    /// The owner and mode of the path itself (not of what it links to), from statx(2), whose layout is the same on
    /// every architecture.
    /// </summary>
    private static (uint Uid, int Mode) Owner(string path)
    {
        const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
        const uint StatxMode = 0x2, StatxUid = 0x8;
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxMode | StatxUid, buffer) != 0)
        {
            throw new IOException($"cannot read the owner of '{path}': {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return (BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt16(buffer, 28));
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
