namespace CloudOrchestra.Deploy.Tests;

/// <summary>The agent's platform check, against the real agent on this machine (Linux on x86_64, as CI's).</summary>
public sealed class AgentPlatformTests
{
    [Fact]
    public async Task A_machine_of_the_nodes_kind_passes_and_another_kind_is_named()
    {
        await using var agent = new AgentDirectory("platform");

        var same = await agent.Run("platform", "Linux", "x86_64");
        var other = await agent.Run("platform", "Linux", "riscv64");

        Assert.Equal((0, ""), (same.ExitCode, same.Stderr));
        Assert.Equal(2, other.ExitCode);
        Assert.Equal("this machine is Linux on x86_64, and orchestra-node is built for Linux on riscv64 only "
            + "(arm64 may come later)\n", other.Stderr);
    }
}
