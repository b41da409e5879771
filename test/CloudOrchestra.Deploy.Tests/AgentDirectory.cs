using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.Tests;

/// <summary>
/// A machine's deployment directory here, as a sync leaves it: the agent's files (DeploymentStage.AgentFiles), and
/// agent.env naming a JACK server of its own. <see cref="Run"/> calls the agent with HOME in the directory, so that its
/// builds are cached there; <see cref="Environment"/> adds variables to every call.
/// </summary>
public sealed class AgentDirectory : IAsyncDisposable
{
    private readonly CommandRunner runner = new();

    public AgentDirectory(string prefix)
    {
        Server = $"{prefix}-{Guid.NewGuid():N}"[..16];
        Path = Directory.CreateTempSubdirectory($"{prefix}-").FullName;
        DeploymentStage.WriteAgent(Path);
        File.WriteAllText(Combine("agent.env"), $"JACK_DEFAULT_SERVER={Server}\n");
    }

    public string Path { get; }

    /// <summary>The JACK server's name, the deployment's own.</summary>
    public string Server { get; }

    /// <summary>Where the agent keeps what it builds.</summary>
    public string Cache => Combine(".cache", "cloudorchestra");

    public string[] Environment { get; set; } = [];

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public Task<CommandResult> Run(params string[] args) =>
        runner.RunAsync(["env", $"HOME={Path}", .. Environment, "bash", Combine(DeploymentStage.AgentScript), .. args],
            CancellationToken.None, timeout: TimeSpan.FromSeconds(30));

    /// <summary>Stops what the agent started, then removes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await Run("stop");
        Directory.Delete(Path, recursive: true);
    }
}
