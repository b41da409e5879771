using System.Text.Json;
using CloudOrchestra.Audio;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Listening;
using CloudOrchestra.Deploy.LocalCloud;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Loading;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Deploy.Orchestration;

/// <summary>
/// A deployment's lifecycle, as the CLI and the web server both run it: load and plan an orchestra (on the local cloud
/// it needs, <see cref="LocalCloudHosts"/>), bring it up (resuming after an 'up' that never finished), find it, and
/// tear it down. Up and down hold the deployment's lock, and take the same decisions for every caller. What runs is
/// asked by <see cref="DeploymentStatus"/>; what the listener hears, by <see cref="ListenerAudio"/>.
/// </summary>
/// <param name="transports">How a deployment's machines are reached: over ssh (<see cref="SshTransport.For"/>) unless
/// given.</param>
public sealed class Deployer(ICommandRunner run, MachineTransports? transports = null)
{
    private readonly MachineTransports transportOf = transports ?? SshTransport.For(run);

    /// <summary>
    /// Loads and plans; when the hosts file is a local cloud's, or there is none, makes sure that cloud is up.
    /// </summary>
    /// <param name="makeCloud">False to plan on the local cloud's machines without making them (generate).</param>
    /// <exception cref="CommandFailedException">Not to make it, and the local cloud is not up (or too
    /// small).</exception>
    public async Task<Prepared> PrepareAsync(string directory, string? hostsFile, IProgress<string> progress,
        CancellationToken cancel, bool makeCloud = true)
    {
        // The user's hosts file, when given, is the only one: never fall back to the directory's own.
        var result = OrchestraLoader.Load(directory, hostsFile, requireHosts: false);
        if (!result.Succeeded) return new Prepared(result.Diagnostics, null);
        var hosts = OrchestraLoader.FindHostsFile(directory, hostsFile);
        LocalCloudOf? onCloud = null;
        if (hosts is null || LocalCloudHosts.IsLocalCloud(hosts))
        {
            // The machines are the local cloud's, described by the file just loaded (or sized to the orchestra).
            (hosts, onCloud) = await new LocalCloudHosts(run)
                .EnsureAsync(result.Resources, result.Orchestra!, progress, cancel, makeCloud);
            result = OrchestraLoader.Load(directory, hosts, requireHosts: true);
            if (!result.Succeeded) return new Prepared(result.Diagnostics, null);
        }
        if (StagingCheck.Problems(result.Orchestra!, result.Resources!) is { Count: > 0 } problems)
            return new Prepared([.. result.Diagnostics, .. problems], null);
        var placement = Optimizer.Place(result.Orchestra!, result.Resources!);
        return new Prepared(result.Diagnostics,
            DeploymentPlanner.Build(result.Orchestra!, result.Resources!, placement), result.Resources, onCloud);
    }

    /// <summary>
    /// The deployment of the orchestra at this path, if it was brought up (or began to be). Deployments are named by
    /// their orchestra's whole path; one made by an earlier version, named otherwise, is found by that path too.
    /// </summary>
    public DeploymentState? StateOf(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (DeploymentState.Read(new DeploymentFiles(DeploymentPlanner.IdOf(full)).StateFile) is { } state)
            return state;
        var all = Path.Combine(StateDirectory.Root, "deployments");
        if (!Directory.Exists(all)) return null;
        return Directory.EnumerateDirectories(all).Select(d => Path.Combine(d, "deployment.json")).Where(File.Exists)
            .Select(DeploymentState.Read)
                .FirstOrDefault(s => s is not null && Path.TrimEndingDirectorySeparator(s.OrchestraDirectory) == full);
    }

    /// <summary>
    /// Brings the orchestra up, as every caller does it: an orchestra that is up stays as it is; what an earlier 'up'
    /// that never finished started is stopped first; then it is loaded, planned (<paramref name="planned"/> hears of
    /// the plan) and deployed.
    /// </summary>
    /// <exception cref="DeploymentBusyException">Another process is bringing it up or down.</exception>
    /// <exception cref="DeploymentFailedException">A step failed; its teardown says what was stopped.</exception>
    public async Task<UpResult> UpAsync(string directory, string? hostsFile, IProgress<string> notes,
        IProgress<DeployEvent> progress,
        Action<Prepared>? planned, CancellationToken cancel)
    {
        using var held = Lock(directory);
        IReadOnlyDictionary<string, IReadOnlyList<int>>? earlierPorts = null;
        if (StateOf(directory) is { } existing)
        {
            earlierPorts = existing.Ports;
            if (existing.Up) return new UpResult.AlreadyUp(existing);
            notes.Report("an earlier 'up' did not finish; stopping what it started first");
            var earlier = await TeardownAsync(existing, new Progress<DeployEvent>(), cancel);
            if (!earlier.Complete) return new UpResult.EarlierNotStopped(earlier);
        }
        var prepared = await PrepareAsync(directory, hostsFile, notes, cancel);
        if (prepared.Plan is not { } plan) return new UpResult.Invalid(prepared.Diagnostics);
        // The ports an earlier, unfinished up reserved are asked for again: where they are still free, nothing changes.
        if (earlierPorts is not null) prepared = prepared with { Plan = plan = plan.WithPorts(earlierPorts) };
        planned?.Invoke(prepared);
        var files = DeploymentFiles.Of(plan);
        Directory.CreateDirectory(files.Directory);
        SshConfigWriter.Write(files.SshConfig, plan.Machines.Select(m => m.Host));
        await using var transport = transportOf(files, plan.RemoteDirectory);
        var deployed = await new DeploymentExecutor(transport, files)
            .UpAsync(plan, progress, cancel, prepared.LocalCloud);
        return new UpResult.Done(prepared with { Plan = deployed.Plan }, deployed.Timings);
    }

    /// <summary>
    /// Stops what the orchestra's deployment started, everywhere it can; null when nothing of it is up.
    /// </summary>
    /// <exception cref="DeploymentBusyException">Another process is bringing it up or down.</exception>
    public async Task<TeardownReport?> DownAsync(string directory, IProgress<DeployEvent> progress,
        CancellationToken cancel)
    {
        using var held = Lock(directory);
        return StateOf(directory) is { } state ? await TeardownAsync(state, progress, cancel) : null;
    }

    private static StateLock Lock(string directory) =>
        StateLock.TryTake(DeploymentPlanner.IdOf(directory))
            ?? throw new DeploymentBusyException(
                $"another 'orchestra up' or 'down' of {DisplayPath.Of(directory)} is running: wait for it to end");

    /// <summary>
    /// The teardown itself. Machines of a local cloud that is no longer the one the deployment was made on (removed, or
    /// removed and made again) went with it, and their processes too: they are not asked. The listener always is.
    /// </summary>
    private async Task<TeardownReport> TeardownAsync(DeploymentState state, IProgress<DeployEvent> progress,
        CancellationToken cancel)
    {
        var files = new DeploymentFiles(state.Id);
        IReadOnlySet<string>? gone = null;
        if (state.LocalCloud is { } cloud
            && LocalCloudRecord.Read(LocalCloudLayout.RecordFileOf(cloud.Prefix))?.Id != cloud.Id)
        {
            gone = state.Machines.Where(m => DeploymentPlan.RoleOf(m) == MachineRole.Synths).ToHashSet();
        }
        await using var transport = transportOf(files, state.RemoteDirectory);
        return await new DeploymentExecutor(transport, files).DownAsync(state, progress, cancel, gone);
    }
}
