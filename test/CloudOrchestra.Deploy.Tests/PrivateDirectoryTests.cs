using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>
/// ssh's control directory: made private, and never one that someone else made first in a shared place.
/// </summary>
public sealed class PrivateDirectoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("private-dir-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_missing_directory_is_made_for_this_user_alone_and_an_open_one_of_ours_is_closed()
    {
        var made = Path.Combine(directory, "made");
        var open = Directory.CreateDirectory(Path.Combine(directory, "open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF);

        PrivateDirectory.Ensure(made);
        PrivateDirectory.Ensure(open);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(made));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(open));
    }

    [Fact]
    public void A_link_in_its_place_is_refused()
    {
        var link = Path.Combine(directory, "link");
        File.CreateSymbolicLink(link, directory);

        var refused = Assert.Throws<UnauthorizedAccessException>(() => PrivateDirectory.Ensure(link));

        Assert.Contains("is a link or a file", refused.Message);
    }

    [RootFact]
    public async Task Another_users_directory_is_refused_even_when_anyone_may_write_it()
    {
        var theirs = Directory.CreateDirectory(Path.Combine(directory, "cloudorchestra-ssh-root")).FullName;
        File.SetUnixFileMode(theirs, (UnixFileMode)0x1FF);
        await new CommandRunner().RunCheckedAsync(["chown", "nobody", theirs], CancellationToken.None);

        var refused = Assert.Throws<UnauthorizedAccessException>(() => PrivateDirectory.Ensure(theirs));

        Assert.Contains("belongs to another user", refused.Message);
        Assert.Equal((UnixFileMode)0x1FF, File.GetUnixFileMode(theirs));
    }
}
