namespace CloudOrchestra.Cli.Tests;

/// <summary><c>orchestra render</c>: what a templated block's files become.</summary>
[Collection("cli")]
public sealed class RenderCommandTests
{
    private static readonly string Engines = Path.Combine(OrchestraCli.RepositoryRoot, "examples", "engines");

    [Fact]
    public void Render_shows_a_templated_blocks_files_with_its_own_params_and_its_machine()
    {
        var render = OrchestraCli.Run(Engines, "render", ".", "--block", "high");

        Assert.True(render.ExitCode == 0, render.ToString());
        Assert.StartsWith("==> modules/high-sine/sine.csd <==\n", render.Stdout);
        Assert.Contains("; Block high on node", render.Stdout);
        Assert.Contains("a 880 Hz sine at amplitude 0.1.", render.Stdout);
        Assert.Contains("  aout oscili 0.1, 880, giSine", render.Stdout);
        Assert.DoesNotContain("{{", render.Stdout);
    }

    [Fact]
    public void Render_says_when_a_blocks_module_is_not_templated()
    {
        var render = OrchestraCli.Run(Engines, "render", ".", "--block", "lp");

        Assert.Equal(0, render.ExitCode);
        Assert.Equal("block 'lp': module 'lp' is not templated: its files are used as they are\n", render.Stdout);
    }

    [Fact]
    public void Render_of_an_unknown_block_names_the_blocks_there_are()
    {
        var render = OrchestraCli.Run(Engines, "render", ".", "--block", "nope");

        Assert.Equal(2, render.ExitCode);
        Assert.Contains("error: no block 'nope' (blocks: tone, lp, beeps, lp2, low, high, sc, ck, DAC)", render.Stderr);
    }
}
