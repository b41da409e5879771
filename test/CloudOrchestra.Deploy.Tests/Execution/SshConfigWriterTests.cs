using System.Collections.Immutable;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Deploy.Tests.Execution;

/// <summary>
/// What the deployment's ssh_config says, as ssh itself reads it back (<c>ssh -G</c>): every path exactly as given.
/// </summary>
public sealed class SshConfigWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ssh-config-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Host Machine(string address, string? identity = null, string? knownHosts = null) =>
        new("h1", address, "music", 1, 22, identity, JackSettings.Default,
            new SourceLocation("hosts.json", 1, 1), knownHosts);

    /// <summary>
    /// ssh's own reading of the configuration for h1: its settings, lower-case, as <c>ssh -G</c> prints them.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> AsSshReadsIt(string config)
    {
        var read = await new CommandRunner().RunCheckedAsync(["ssh", "-G", "-F", config, "h1"], CancellationToken.None);
        return read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2))
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.First().ElementAtOrDefault(1) ?? "");
    }

    [Theory]
    [InlineData("plain/id_ed25519")]
    [InlineData("with space/id key")]
    [InlineData("quote\"d/k\"ey")]
    [InlineData("back\\slash/k\\\\ey")]
    [InlineData("percent/%h %u %d %%")]
    [InlineData("k\" ProxyCommand sh -c \"touch PWNED\" #")]
    public async Task Every_path_reaches_ssh_exactly_as_it_is(string name)
    {
        var identity = Path.Combine(directory, name);
        var known = identity + ".known";
        var config = Path.Combine(directory, "ssh_config");

        SshConfigWriter.Write(config, [Machine("10.77.0.11", identity, known)], Path.Combine(directory, "control %C"));

        var settings = await AsSshReadsIt(config);
        // ssh -G prints a known hosts file with its tokens expanded, but an identity file as written: ssh expands its
        // tokens only when it opens the key, and then '%%' is a '%'.
        Assert.Equal(identity, settings["identityfile"].Replace("%%", "%"));
        Assert.Equal(known, settings["userknownhostsfile"]);
        Assert.Equal(Path.Combine(directory, "control %C") + "/%C".Replace("%C", settings["controlpath"][^40..]),
            settings["controlpath"]);
        Assert.False(settings.ContainsKey("proxycommand"));
    }

    [Fact]
    public async Task A_link_local_address_keeps_its_interface()
    {
        var config = Path.Combine(directory, "ssh_config");

        SshConfigWriter.Write(config, [Machine("fe80::1%eth0")], directory);

        Assert.Equal("fe80::1%eth0", (await AsSshReadsIt(config))["hostname"]);
    }

    [Fact]
    public void A_path_with_a_newline_is_refused_not_written()
    {
        var config = Path.Combine(directory, "ssh_config");

        var refused = Assert.Throws<ArgumentException>(() =>
            SshConfigWriter.Write(config,
                [Machine("10.77.0.11", Path.Combine(directory, "k\n  ProxyCommand touch PWNED"))], directory));

        Assert.Contains("k\\n  ProxyCommand touch PWNED' holds a control character", refused.Message);
        Assert.False(File.Exists(config));
    }
}
