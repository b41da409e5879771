using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// How one machine of a deployment is reached, and so what runs there: its deployment's directory and the shell command
/// lines for its agent, its stop and its removal. <c>up</c>, the generated scripts and the playbook all ask this; each
/// only carries the lines its own way (ssh, Ansible's connection, or a shell here).
/// </summary>
/// <param name="Directory">The deployment's directory there: relative to the user's home over ssh, or here.</param>
public abstract record MachineReach(string Machine, string Directory)
{
    /// <summary>The reach of each machine of a deployment, by its role: the listener is this computer, in its own
    /// directory (<paramref name="listenerDirectory"/>); every other machine is reached over ssh by its name, the
    /// deployment in <paramref name="remoteDirectory"/> of its user's home.</summary>
    public static MachineReach Of(string machine, string remoteDirectory, string listenerDirectory) =>
        DeploymentPlan.RoleOf(machine) == MachineRole.Listener
            ? new LocalReach(machine, listenerDirectory)
            : new SshReach(machine, remoteDirectory);

    public string Agent => $"{Directory}/{DeploymentStage.AgentScript}";

    /// <summary>The line that runs the agent there with exactly these arguments.</summary>
    public string AgentLine(IEnumerable<string> args) => ShellQuote.Command(["bash", Agent, .. args]);

    /// <summary>
    /// The line that stops every process the agent there recorded; where the agent is not, it does nothing.
    /// </summary>
    public string StopLine => $"if [ -f {ShellQuote.Word(Agent)} ]; then exec bash {ShellQuote.Word(Agent)} stop; fi";

    /// <summary>The line that removes the deployment's directory there.</summary>
    public string RemoveLine => ShellQuote.Command(["rm", "-rf", "--", Directory]);
}

/// <summary>A machine reached over ssh by its name in the deployment's ssh config; its files arrive by rsync.</summary>
public sealed record SshReach(string Machine, string Directory) : MachineReach(Machine, Directory);

/// <summary>This computer (the listener): its lines run in a shell here; its files are copied here.</summary>
public sealed record LocalReach(string Machine, string Directory) : MachineReach(Machine, Directory);
