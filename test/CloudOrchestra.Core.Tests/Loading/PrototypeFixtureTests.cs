using CloudOrchestra.Loading;
using CloudOrchestra.Model;

namespace CloudOrchestra.Tests.Loading;

/// <summary>The prototype's own model files must keep loading exactly as they are.</summary>
public sealed class PrototypeFixtureTests
{
    public static readonly TheoryData<string> Fixtures = ["base-example", "fm-lp-example", "fm-lp-multi-host-example"];

    public static string FixturePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CloudOrchestra.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "..", "shared", "fixtures", "prototype", name);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Prototype_fixture_loads_without_errors(string fixture)
    {
        var result = OrchestraLoader.Load(FixturePath(fixture), null, requireHosts: false);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Base_example_reads_aliases_pins_and_slaves()
    {
        var result = OrchestraLoader.Load(FixturePath("base-example"), null, requireHosts: true);

        var orchestra = result.Orchestra!;
        Assert.Equal(["xenakis", "bach"], orchestra.HostAliases.ToArray());
        Assert.Equal(["adc", "dac", "lp", "fm", "lp2", "lp3", "lp4"], orchestra.Blocks.Select(b => b.Name));
        Assert.Equal("bach", orchestra.Find("dac")!.Pin!.Host);
        Assert.Equal(Module.DacName, orchestra.Find("dac")!.Module.Name);
        Assert.Equal(SynthEngine.Csound, orchestra.Find("fm")!.Module.Engine);
        Assert.Equal("fm.csd", orchestra.Find("fm")!.Module.Main);
        var host = result.Resources!.Hosts[0];
        Assert.Equal(new[] { "VagrantHost4", "172.17.0.4", "ubuntu" }, new[] { host.Name, host.Address, host.User });
        Assert.Equal(1, host.Cores);
        Assert.Equal(22, host.SshPort);
        Assert.Equal(JackSettings.Default, host.Jack);
    }

    [Fact]
    public void Connections_may_name_ADC_and_DAC_without_declaring_them()
    {
        var orchestra = OrchestraLoader.Load(FixturePath("fm-lp-example"), null, requireHosts: false).Orchestra!;

        var dac = orchestra.Find("DAC")!;
        Assert.True(dac.IsImplicit);
        Assert.Equal(0, dac.Cores);
        Assert.True(orchestra.Find("ADC")!.IsImplicit);
        Assert.Equal(7, orchestra.Blocks.Length);
        Assert.Equal(6, orchestra.Connections.Length);
    }
}
