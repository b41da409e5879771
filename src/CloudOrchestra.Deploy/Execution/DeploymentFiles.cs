using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// Where a deployment keeps its files on this machine: ssh config, run record, staged files, the listener's directory.
/// </summary>
/// <param name="StateRoot">The tool's state directory; <see cref="StateDirectory.Root"/> unless given.</param>
public sealed record DeploymentFiles(string Id, string? StateRoot = null)
{
    public string Directory => Path.Combine(StateRoot ?? StateDirectory.Root, "deployments", Id);
    public string SshConfig => Path.Combine(Directory, "ssh_config");
    public string RunRecord => Path.Combine(Directory, "run.jsonl");
    public string StateFile => Path.Combine(Directory, "deployment.json");
    public string Listener => Path.Combine(Directory, "listener");
    public string NodeSecretFile => Path.Combine(Directory, "node.secret");
    public string Stage(string machine) => Path.Combine(Directory, "stage", machine);

    /// <summary>ssh's control sockets need a short path; one private directory per user.</summary>
    public static string ControlDirectory =>
        Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime
            ? Path.Combine(runtime, "cloudorchestra-ssh")
            : Path.Combine(Path.GetTempPath(), $"cloudorchestra-ssh-{Environment.UserName}");

    public static DeploymentFiles Of(DeploymentPlan plan) => new(plan.Id);
}
