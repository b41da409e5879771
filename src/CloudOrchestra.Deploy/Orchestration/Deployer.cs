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
/// What the CLI and the web server call to deploy: load and plan an orchestra (making the local cloud it
/// needs), bring it up, report its status, record what the listener hears, and tear it down. Up and down
/// hold the deployment's lock, and both take the same decisions for every caller.
/// </summary>
public sealed class Deployer(ICommandRunner run)
{
    /// <summary>Loads and plans; when the hosts file is a local cloud's, or there is none, makes sure that cloud is up.</summary>
    /// <param name="makeCloud">False to plan on the local cloud's machines without making them (generate).</param>
    /// <exception cref="CommandFailedException">Not to make it, and the local cloud is not up (or too small).</exception>
    public async Task<Prepared> PrepareAsync(string directory, string? hostsFile, IProgress<string> progress, CancellationToken cancel, bool makeCloud = true)
    {
        // The user's hosts file, when given, is the only one: never fall back to the directory's own.
        var result = OrchestraLoader.Load(directory, hostsFile, requireHosts: false);
        if (!result.Succeeded) return new Prepared(result.Diagnostics, null);
        var hosts = OrchestraLoader.FindHostsFile(directory, hostsFile);
        LocalCloudOf? onCloud = null;
        if (hosts is null || IsLocalCloud(hosts))
        {
            // The machines are the local cloud's, described by the file just loaded (or sized to the orchestra).
            (hosts, onCloud) = await EnsureLocalCloudAsync(result.Resources, result.Orchestra!, progress, cancel, makeCloud);
            result = OrchestraLoader.Load(directory, hosts, requireHosts: true);
            if (!result.Succeeded) return new Prepared(result.Diagnostics, null);
        }
        if (StagingCheck.Problems(result.Orchestra!, result.Resources!) is { Count: > 0 } problems) return new Prepared([.. result.Diagnostics, .. problems], null);
        var placement = Optimizer.Place(result.Orchestra!, result.Resources!);
        return new Prepared(result.Diagnostics, DeploymentPlanner.Build(result.Orchestra!, result.Resources!, placement), result.Resources, onCloud);
    }

    /// <summary>
    /// The deployment of the orchestra at this path, if it was brought up (or began to be). Deployments are named by
    /// their orchestra's whole path; one made by an earlier version, named otherwise, is found by that path too.
    /// </summary>
    public DeploymentState? StateOf(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (DeploymentState.Read(new DeploymentFiles(DeploymentPlanner.IdOf(full)).StateFile) is { } state) return state;
        var all = Path.Combine(StateDirectory.Root, "deployments");
        if (!Directory.Exists(all)) return null;
        return Directory.EnumerateDirectories(all).Select(d => Path.Combine(d, "deployment.json")).Where(File.Exists)
            .Select(DeploymentState.Read).FirstOrDefault(s => s is not null && Path.TrimEndingDirectorySeparator(s.OrchestraDirectory) == full);
    }

    /// <summary>
    /// Brings the orchestra up, as every caller does it: an orchestra that is up stays as it is; what an earlier 'up'
    /// that never finished started is stopped first; then it is loaded, planned (<paramref name="planned"/> hears of
    /// the plan) and deployed.
    /// </summary>
    /// <exception cref="DeploymentBusyException">Another process is bringing it up or down.</exception>
    /// <exception cref="DeploymentFailedException">A step failed; its teardown says what was stopped.</exception>
    public async Task<UpResult> UpAsync(string directory, string? hostsFile, IProgress<string> notes, IProgress<DeployEvent> progress,
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
        await using var transport = new SshTransport(files, plan.RemoteDirectory, run);
        var deployed = await new DeploymentExecutor(transport, files).UpAsync(plan, progress, cancel, prepared.LocalCloud);
        return new UpResult.Done(prepared with { Plan = deployed.Plan }, deployed.Timings);
    }

    /// <summary>Stops what the orchestra's deployment started, everywhere it can; null when nothing of it is up.</summary>
    /// <exception cref="DeploymentBusyException">Another process is bringing it up or down.</exception>
    public async Task<TeardownReport?> DownAsync(string directory, IProgress<DeployEvent> progress, CancellationToken cancel)
    {
        using var held = Lock(directory);
        return StateOf(directory) is { } state ? await TeardownAsync(state, progress, cancel) : null;
    }

    private static StateLock Lock(string directory) =>
        StateLock.TryTake(DeploymentPlanner.IdOf(directory))
            ?? throw new DeploymentBusyException($"another 'orchestra up' or 'down' of {DisplayPath.Of(directory)} is running: wait for it to end");

    /// <summary>
    /// The teardown itself. Machines of a local cloud that is no longer the one the deployment was made on (removed, or
    /// removed and made again) went with it, and their processes too: they are not asked. The listener always is.
    /// </summary>
    private async Task<TeardownReport> TeardownAsync(DeploymentState state, IProgress<DeployEvent> progress, CancellationToken cancel)
    {
        var files = new DeploymentFiles(state.Id);
        IReadOnlySet<string>? gone = null;
        if (state.LocalCloud is { } cloud && LocalCloudRecord.Read(LocalCloudLayout.RecordFileOf(cloud.Prefix))?.Id != cloud.Id)
        {
            gone = state.Machines.Where(m => m != DeploymentPlan.Listener).ToHashSet();
        }
        await using var transport = new SshTransport(files, state.RemoteDirectory, run);
        return await new DeploymentExecutor(transport, files).DownAsync(state, progress, cancel, gone);
    }

    /// <summary>Per machine: which recorded processes are alive, and whether every planned JACK connection exists.</summary>
    public async Task<IReadOnlyList<MachineStatus>> StatusAsync(DeploymentState state, CancellationToken cancel)
    {
        var files = new DeploymentFiles(state.Id);
        await using var transport = new SshTransport(files, state.RemoteDirectory, run);
        return await Task.WhenAll(state.Machines.Select(async machine =>
        {
            var planned = state.Wiring.GetValueOrDefault(machine) ?? [];
            var answer = await transport.AgentAsync(machine, AgentWords.Of(AgentWords.Status(machine, planned)), cancel);
            var reply = AgentReplies.Status(answer.Stdout);
            var expected = state.Processes.GetValueOrDefault(machine) ?? [];
            var wires = planned.Select(w => new WireStatus(w.From.ToString(), w.To.ToString(), reply.Wires.GetValueOrDefault(w, false))).ToList();
            return new MachineStatus(machine, answer.Succeeded || reply.Answered,
                [.. expected.Prepend(AgentWords.JackProcess).Select(p => new ProcessStatus(p, reply.Processes.GetValueOrDefault(p, ProcessState.Dead)))], wires);
        }));
    }

    /// <summary>Records what reaches the listener for some seconds, and says how loud it is and at what frequency.</summary>
    public async Task<Spectrum> RecordAsync(DeploymentState state, string wavFile, double seconds, CancellationToken cancel)
    {
        var result = await run.RunAsync(["env", $"JACK_DEFAULT_SERVER={state.JackServer}", "jack_rec", "-f", Path.GetFullPath(wavFile),
            "-d", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "16", .. state.ListenerPorts], cancel,
            timeout: TimeSpan.FromSeconds(seconds + 30));
        if (!result.Succeeded || !File.Exists(wavFile))
        {
            throw new CommandFailedException($"recording at the listener failed: {result.Tail()} (is {DisplayPath.Of(state.OrchestraDirectory)} up? see 'orchestra status')");
        }
        return Spectrum.Of(WavFile.Read(wavFile));
    }

    /// <summary>
    /// Meters what reaches the listener as it plays (through the listener's JACK server, to its sound card when it
    /// has one): every quarter second, the level and dominant frequency of what arrived meanwhile, until the
    /// duration is over or the token is cancelled (Ctrl-C).
    /// </summary>
    public static async Task ListenAsync(DeploymentState state, TimeSpan? duration, Action<Spectrum> heard, CancellationToken cancel)
    {
        using var capture = JackCapture.Open(state.JackServer, "orchestra-listen", state.ListenerPorts);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(0.25));
        while (duration is null || clock.Elapsed < duration)
        {
            try
            {
                await ticks.WaitForNextTickAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (capture.ServerGone) throw new CommandFailedException($"the listener's JACK server stopped: {DisplayPath.Of(state.OrchestraDirectory)} is no longer up");
            heard(Spectrum.Of(new WavFile(capture.SampleRate, capture.Read())));
        }
    }

    private static bool IsLocalCloud(string hostsFile)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(hostsFile), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("cloud", out var cloud) && cloud.ValueKind == JsonValueKind.String && cloud.GetString() == "local";
        }
        catch (JsonException)
        {
            return false; // the loader reports it, located
        }
    }

    /// <summary>
    /// A local cloud with room for the hosts file's machines (their names and cores as it gives them), or, with no hosts
    /// file, one machine of one core per block that needs a core, so that nothing overflows. A cloud that is up keeps its
    /// machines, and grows when it has too few: another orchestra may be playing on them.
    /// </summary>
    private async Task<(string HostsFile, LocalCloudOf Cloud)> EnsureLocalCloudAsync(Model.Resources? described, Model.Orchestra orchestra,
        IProgress<string> progress, CancellationToken cancel, bool make)
    {
        var cloud = new LocalCloud.LocalCloud(LocalCloudLayout.FromEnvironment(), run);
        IReadOnlyList<(string Name, int Cores)> machines = described is not null
            ? [.. described.Hosts.Select(h => (h.Name, h.Cores))]
            : [.. Enumerable.Range(1, Math.Clamp(orchestra.Blocks.Count(b => b.Cores > 0), 1, LocalCloudLayout.MaxHosts)).Select(i => (cloud.Layout.NodeName(i), 1))];
        var cores = machines.Max(m => m.Cores);
        LocalCloudRecord record;
        if (make)
        {
            if (cloud.Current is null) progress.Report($"making a local cloud of {machines.Count} machines");
            record = await cloud.UpAsync(machines.Count, cores, progress, cancel);
        }
        else
        {
            // Its key and known hosts, which the plan's machines are reached with, exist only once it is up.
            record = cloud.Current is { } current && current.Hosts >= machines.Count && current.Cores >= cores
                ? current
                : throw new CommandFailedException($"the local cloud of {machines.Count} machines is not up: "
                    + $"'orchestra cloud up --hosts {machines.Count} --cores {cores} --out FILE' makes it (or give --hosts FILE of your own machines)");
        }
        Directory.CreateDirectory(cloud.Layout.Directory);
        var written = Path.Combine(cloud.Layout.Directory, $"hosts-{DeploymentPlanner.IdOf(orchestra.Directory)}.json");
        HostsFileWriter.Write(written, cloud.Hosts(machines), "The local cloud's machines as 'orchestra up' deploys this orchestra on them; 'orchestra cloud down' removes it.");
        return (written, new LocalCloudOf(record.Prefix, record.Id ?? ""));
    }
}

/// <summary>A loaded and planned orchestra, or the problems that stopped it.</summary>
/// <param name="LocalCloud">The local cloud its machines are part of, when they are.</param>
public sealed record Prepared(IReadOnlyList<Diagnostic> Diagnostics, DeploymentPlan? Plan, Model.Resources? Resources = null, LocalCloudOf? LocalCloud = null);

/// <summary>How an <c>up</c> ended when nothing failed.</summary>
public abstract record UpResult
{
    /// <summary>It was up already, and stays as it is.</summary>
    public sealed record AlreadyUp(DeploymentState State) : UpResult;

    /// <summary>The files have errors: nothing was started.</summary>
    public sealed record Invalid(IReadOnlyList<Diagnostic> Diagnostics) : UpResult;

    /// <summary>What an earlier, unfinished 'up' started could not all be stopped: nothing new was started.</summary>
    public sealed record EarlierNotStopped(TeardownReport Teardown) : UpResult;

    /// <summary>Up and wired.</summary>
    public sealed record Done(Prepared Prepared, DeploymentTimings Timings) : UpResult;
}

public sealed record ProcessStatus(string Name, ProcessState State)
{
    public bool Alive => State == ProcessState.Alive;
}

/// <param name="Connected">Null when JACK could not be asked (a client of its server is stopped by a signal, and the server waits on it).</param>
public sealed record WireStatus(string From, string To, bool? Connected);

public sealed record MachineStatus(string Machine, bool Reachable, IReadOnlyList<ProcessStatus> Processes, IReadOnlyList<WireStatus> Wires)
{
    public bool Healthy => Reachable && Processes.All(p => p.Alive) && Wires.All(w => w.Connected == true);
}
