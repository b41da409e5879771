using System.Collections.Immutable;
using CloudOrchestra.Deployment;
using CloudOrchestra.Deployment.Engines;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Model;

namespace CloudOrchestra.Tests.Deployment;

/// <summary>
/// How each engine starts a block: headless, on JACK under the block's name, auto-connect off, and its ports.
/// </summary>
public sealed class EngineTests
{
    private static readonly SourceLocation Nowhere = new("test", 1, 1);
    private static readonly LaunchContext Context = new("modules/m", JackSettings.Default, "co-band", 57123, 57301);

    private static Block BlockOf(string name, Module module) =>
        new(name, module, null, ImmutableSortedDictionary<string, string>.Empty, false, Nowhere);

    [Fact]
    public void Pd_names_its_client_after_the_block_and_connects_nothing_itself()
    {
        var module = new Module("tone", SynthEngine.Pd, "-odd.pd", 1, 2, 1, "/m", Nowhere);

        var launch = new PdEngine().Launch(BlockOf("voice", module), Context);

        Assert.Equal(["pd", "-nogui", "-jack", "-jackname", "voice", "-nojackconnect", "-r", "48000",
            "-inchannels", "1", "-outchannels", "2", "-open", "./-odd.pd", "-send", "pd dsp 1",
            "-send", "orchestra-ports 57123 57301"], launch.Command);
        Assert.Equal(["voice:input_1"], launch.Inputs.Select(p => p.ToString()));
        Assert.Equal(["voice:output_1", "voice:output_2"], launch.Outputs.Select(p => p.ToString()));
    }

    [Fact]
    public void A_command_module_gets_the_blocks_name_in_its_arguments_and_ports()
    {
        var module = new Module("metro", SynthEngine.Command, null, 0, 1, 0, "/m", Nowhere,
            Command: ["jack_metro", "-n", "{block}", "-b", "60"], InputPorts: [], OutputPorts: ["{block}:60_bpm"]);

        var launch = new CommandEngine().Launch(BlockOf("beeps", module), Context);

        Assert.Equal(["jack_metro", "-n", "beeps", "-b", "60"], launch.Command);
        Assert.Equal(["beeps:60_bpm"], launch.Outputs.Select(p => p.ToString()));
    }

    [Fact]
    public void SuperCollider_runs_the_server_as_the_block_then_the_language_once()
    {
        var module = new Module("sctone", SynthEngine.SuperCollider, "tone.scd", 0, 1, 1, "/m", Nowhere);

        var launch = new SuperColliderEngine().Launch(BlockOf("sc", module), Context);

        Assert.Contains("scsynth", launch.Command);
        Assert.Equal(["-H", "co-band:sc"], launch.Command.SkipWhile(a => a != "-H").Take(2));
        Assert.Equal(["-u", "57123"], launch.Command.SkipWhile(a => a != "-u").Take(2));
        Assert.Contains("SC_JACK_DEFAULT_OUTPUTS=", launch.Command);
        Assert.Equal(["sc:out_1"], launch.Outputs.Select(p => p.ToString()));
        var language = Assert.Single(launch.OnceReady!);
        Assert.Equal(["sclang", "tone.scd"], language.TakeLast(2));
        Assert.Contains("SC_SERVER_PORT=57123", language);
    }

    [Fact]
    public void ChucK_is_named_by_the_agent_counts_ports_from_zero_and_keeps_its_code_server_on_its_own_port()
    {
        var module = new Module("cktone", SynthEngine.ChucK, "-tone.ck", 2, 1, 1, "/m", Nowhere);

        var launch = new ChuckEngine().Launch(BlockOf("ck", module), Context);

        Assert.True(launch.AgentNamesJackClient);
        Assert.Equal(["chuck", "--srate:48000", "--bufsize:256", "--port:57123", "--out:1", "--in:2", "./-tone.ck"],
            launch.Command.SkipWhile(a => a != "chuck"));
        Assert.Contains("ORCHESTRA_TCP_LOOPBACK=1", launch.Command);
        Assert.Contains("ORCHESTRA_OSC_PORT=57123", launch.Command);
        Assert.Equal(["ck:inport 0", "ck:inport 1"], launch.Inputs.Select(p => p.ToString()));
        Assert.Equal(["ck:outport 0"], launch.Outputs.Select(p => p.ToString()));
    }
}
