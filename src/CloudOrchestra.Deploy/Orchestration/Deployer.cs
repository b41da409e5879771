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
/// needs), bring it up, report its status, record what the listener hears, and tear it down.
/// </summary>
public sealed class Deployer(ICommandRunner run)
{
    /// <summary>Loads and plans; when the hosts file is a local cloud's, or there is none, makes sure that cloud is up.</summary>
    public async Task<Prepared> PrepareAsync(string directory, string? hostsFile, IProgress<string> progress, CancellationToken cancel)
    {
        // The user's hosts file, when given, is the only one: never fall back to the directory's own.
        var result = OrchestraLoader.Load(directory, hostsFile, requireHosts: false);
        if (!result.Succeeded) return new Prepared(result.Diagnostics, null);
        var hosts = OrchestraLoader.FindHostsFile(directory, hostsFile);
        if (hosts is null || IsLocalCloud(hosts))
        {
            // The machines are the local cloud's, described by the file just loaded (or sized to the orchestra).
            hosts = await EnsureLocalCloudAsync(result.Resources, result.Orchestra!, progress, cancel);
            result = OrchestraLoader.Load(directory, hosts, requireHosts: true);
            if (!result.Succeeded) return new Prepared(result.Diagnostics, null);
        }
        var unsupported = DeploymentPlanner.Unsupported(result.Orchestra!)
            .Select(u => new Diagnostic(Severity.Error, u.Block.Module.Origin, u.Message)).ToList();
        if (unsupported.Count > 0) return new Prepared([.. result.Diagnostics, .. unsupported], null);
        var placement = Optimizer.Place(result.Orchestra!, result.Resources!);
        return new Prepared(result.Diagnostics, DeploymentPlanner.Build(result.Orchestra!, result.Resources!, placement), result.Resources);
    }

    public DeploymentState? StateOf(string directory) => DeploymentState.Read(new DeploymentFiles(DeploymentPlanner.IdOf(directory)).StateFile);

    public async Task<DeploymentTimings> UpAsync(Prepared prepared, IProgress<DeployEvent> progress, CancellationToken cancel)
    {
        var plan = prepared.Plan!;
        var files = DeploymentFiles.Of(plan);
        Directory.CreateDirectory(files.Directory);
        SshConfigWriter.Write(files.SshConfig, plan.Machines.Select(m => m.Host));
        await using var transport = new SshTransport(files, plan.RemoteDirectory, run);
        return await new DeploymentExecutor(transport, files).UpAsync(plan, progress, cancel);
    }

    public async Task DownAsync(DeploymentState state, IProgress<DeployEvent> progress, CancellationToken cancel)
    {
        var files = new DeploymentFiles(state.Id);
        await using var transport = new SshTransport(files, state.RemoteDirectory, run);
        await new DeploymentExecutor(transport, files).DownAsync(state, progress, cancel);
    }

    /// <summary>Per machine: which recorded processes are alive, and whether every planned JACK connection exists.</summary>
    public async Task<IReadOnlyList<MachineStatus>> StatusAsync(DeploymentState state, CancellationToken cancel)
    {
        var files = new DeploymentFiles(state.Id);
        await using var transport = new SshTransport(files, state.RemoteDirectory, run);
        return await Task.WhenAll(state.Machines.Select(async machine =>
        {
            var planned = state.Wiring.GetValueOrDefault(machine) ?? [];
            var answer = await transport.AgentAsync(machine, PlanStep.StatusArgs([.. planned.SelectMany(w => w)]), cancel);
            // "alive NAME PID" (names hold no spaces), "connected<TAB>OUT<TAB>IN" (port names may).
            var lines = answer.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(l.Contains('\t') ? '\t' : ' ')).Where(f => f.Length == 3).ToList();
            var states = lines.Where(f => f[0] is "alive" or "stopped" or "dead").ToDictionary(f => f[1], f => f[0]);
            var connected = lines.Where(f => f[0] == "connected").Select(f => (f[1], f[2])).ToHashSet();
            var expected = state.Processes.GetValueOrDefault(machine) ?? [];
            var wires = planned.Select(w => new WireStatus(w[0], w[1], connected.Contains((w[0], w[1])))).ToList();
            var reachable = answer.Succeeded || lines.Count > 0;
            return new MachineStatus(machine, reachable,
                [.. expected.Prepend("jackd").Select(p => new ProcessStatus(p, states.GetValueOrDefault(p) ?? "dead"))], wires);
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
            throw new CommandFailedException($"recording at the listener failed: {result.Tail()} (is {state.Id} up? see 'orchestra status')");
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
            if (capture.ServerGone) throw new CommandFailedException($"the listener's JACK server stopped: {state.Id} is no longer up");
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
    /// A local cloud as the hosts file describes it (its machine count and cores), or, with no hosts file, one
    /// machine of one core per block that needs a core, so that nothing overflows.
    /// </summary>
    private async Task<string> EnsureLocalCloudAsync(Model.Resources? described, Model.Orchestra orchestra, IProgress<string> progress, CancellationToken cancel)
    {
        var cloud = new LocalCloud.LocalCloud(LocalCloudLayout.FromEnvironment(), run);
        int hosts, cores;
        if (described is not null)
        {
            (hosts, cores) = (described.Hosts.Length, described.Hosts.Max(h => h.Cores));
        }
        else
        {
            (hosts, cores) = (Math.Clamp(orchestra.Blocks.Count(b => b.Cores > 0), 1, LocalCloudLayout.MaxHosts), 1);
        }
        if (cloud.Current is not { } current || current.Hosts != hosts || current.Cores != cores)
        {
            progress.Report($"making a local cloud of {hosts} machines");
            if (cloud.Current is not null) await cloud.DownAsync(progress, cancel);
        }
        var record = await cloud.UpAsync(hosts, cores, progress, cancel);
        var written = Path.Combine(cloud.Layout.Directory, "hosts.json");
        HostsFileWriter.Write(written, cloud.Hosts(record), "The local cloud 'orchestra up' made; 'orchestra cloud down' removes it.");
        return written;
    }
}

/// <summary>A loaded and planned orchestra, or the problems that stopped it.</summary>
public sealed record Prepared(IReadOnlyList<Diagnostic> Diagnostics, DeploymentPlan? Plan, Model.Resources? Resources = null);

/// <param name="State">alive; stopped (by a signal, so it makes no sound); dead (exited, or not the process we started).</param>
public sealed record ProcessStatus(string Name, string State)
{
    public bool Alive => State == "alive";
}

public sealed record WireStatus(string From, string To, bool Connected);

public sealed record MachineStatus(string Machine, bool Reachable, IReadOnlyList<ProcessStatus> Processes, IReadOnlyList<WireStatus> Wires)
{
    public bool Healthy => Reachable && Processes.All(p => p.Alive) && Wires.All(w => w.Connected);
}
