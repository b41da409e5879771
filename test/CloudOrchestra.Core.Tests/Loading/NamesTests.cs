using CloudOrchestra.Model;

namespace CloudOrchestra.Tests.Loading;

/// <summary>
/// What a machine's address may be: anything else could be read by ssh as an option, a token or a setting.
/// </summary>
public sealed class NamesTests
{
    [Theory]
    [InlineData("10.77.0.11")]
    [InlineData("studio.example.org")]
    [InlineData("::1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::a:b%enp0s31f6")]
    public void Addresses_a_machine_can_have_are_allowed(string address) => Assert.True(Names.IsValidAddress(address));

    [Theory]
    [InlineData("fe80::1%eth0 -F/tmp/x")]
    [InlineData("fe80::1%%h")]
    [InlineData("fe80::1%$(id)")]
    [InlineData("fe80::1%")]
    [InlineData("10.0.0.1%eth0")]
    [InlineData("[::1]")]
    [InlineData("-oProxyCommand=x")]
    public void Addresses_ssh_could_misread_are_refused(string address) => Assert.False(Names.IsValidAddress(address));

    [Theory]
    [InlineData("jackd")]
    [InlineData("system")]
    [InlineData("link7")]
    [InlineData("listen-dac")]
    [InlineData("listen2")]
    [InlineData("fm-ready1")]
    public void Names_of_the_deployments_own_processes_are_reserved(string name) => Assert.True(Names.IsReserved(name));

    [Theory]
    [InlineData("fm")]
    [InlineData("linked")]
    [InlineData("jackdaw")]
    [InlineData("listener")]
    [InlineData("ready1")]
    public void Other_names_are_not_reserved(string name) => Assert.False(Names.IsReserved(name));

    /// <summary>
    /// .NET's <c>$</c> also matches before a final newline: "fm\n" passed the name rule, and a newline would have
    /// reached file names, JACK client names and shell words.
    /// </summary>
    [Fact]
    public void A_final_newline_is_refused_by_every_rule()
    {
        Assert.False(Names.IsValidName("fm\n"));
        Assert.False(Names.IsValidUser("orchestra\n"));
        Assert.False(Names.IsOscAddress("/freq\n"));
        Assert.False(Names.IsValidAddress("10.77.0.11\n"));
        Assert.False(Names.IsValidAddress("studio.example.org\n"));
        Assert.False(Names.IsValidAddress("::1\n"));
        Assert.False(Names.IsValidAddress("fe80::1%eth0\n"));
    }
}
