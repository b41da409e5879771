using System.Net.Sockets;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Model;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>
/// Machines made on this one: each a network namespace on a private bridge with its own address, Linux
/// user, home directory and sshd, reached with a key that lives in the tool's state directory.
/// Creating and removing them needs root.
/// </summary>
public sealed class LocalCloud(LocalCloudLayout layout, ICommandRunner run)
{
    private static readonly TimeSpan SshdReadyTimeout = TimeSpan.FromSeconds(15);

    public LocalCloudLayout Layout => layout;

    public LocalCloudRecord? Current => LocalCloudRecord.Read(layout.RecordFile);

    /// <summary>The most a machine's clock is set apart from this computer's, either way, in seconds.</summary>
    public const long MostClockOffset = 10_000;

    /// <summary>
    /// Makes the cloud, or keeps the one that is up: grown to <paramref name="hosts"/> machines when it has fewer, its
    /// machines whose sshd has stopped started again. Never smaller: its machines may play another orchestra, and only
    /// <c>cloud down</c> removes them. On failure nothing it added is left behind.
    /// </summary>
    /// <param name="clockOffsets">Each machine in a time namespace of its own, its monotonic and boottime clocks set
    /// apart from this computer's by a random offset (up to <see cref="MostClockOffset"/> s either way): a clock that
    /// is not truly synchronised then shows, where machines on one computer otherwise share one clock.</param>
    public async Task<LocalCloudRecord> UpAsync(int hosts, int cores, IProgress<string> progress,
        CancellationToken cancel, bool clockOffsets = false)
    {
        RequireRoot("cloud up");
        if (hosts < 1 || hosts > LocalCloudLayout.MaxHosts)
            throw new ArgumentOutOfRangeException(nameof(hosts),
                $"a local cloud has 1 to {LocalCloudLayout.MaxHosts} machines");
        using var changing = await LockAsync(cancel);
        if (Current is { } existing)
        {
            if (clockOffsets && existing.ClockOffsets is null)
                throw new InvalidOperationException(
                    $"the local cloud '{layout.Prefix}' is up with one clock for all its "
                    + "machines: 'orchestra cloud down' first, to make it again with --clock-offsets");
            await HealAsync(existing, progress, cancel);
            if (existing.Hosts >= hosts) return existing;
            progress.Report($"growing the local cloud from {existing.Hosts} to {hosts} machines");
            var grown = existing with
            {
                Hosts = hosts,
                ClockOffsets = existing.ClockOffsets is { } kept
                    ? [.. kept, .. RandomOffsets(hosts - existing.Hosts)]
                    : null,
            };
            try
            {
                await AddMachinesAsync(grown, existing.Hosts + 1, hosts, progress, cancel);
            }
            catch
            {
                await RemoveMachinesAsync(existing.Hosts + 1, hosts, CancellationToken.None);
                throw;
            }
            grown.Write(layout.RecordFile);
            return grown;
        }
        var record = new LocalCloudRecord(layout.Prefix, layout.Subnet, hosts, cores, Guid.NewGuid().ToString("N"),
            clockOffsets ? RandomOffsets(hosts) : null);
        Directory.CreateDirectory(layout.Directory, FileModes.OwnerOnly);
        record.Write(layout.RecordFile);
        try
        {
            await CreateAsync(record, progress, cancel);
            return record;
        }
        catch
        {
            await RemoveAllAsync(new Progress<string>(), CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// One change of the cloud at a time: two 'up's that both need it wait for each other instead of racing.
    /// </summary>
    private async Task<IDisposable> LockAsync(CancellationToken cancel) =>
        await Execution.StateLock.TakeAsync($"cloud-{layout.Prefix}", TimeSpan.FromMinutes(5), cancel)
            ?? throw new InvalidOperationException(
                $"the local cloud '{layout.Prefix}' is being changed by another 'orchestra' for over 5 minutes");

    private async Task CreateAsync(LocalCloudRecord record, IProgress<string> progress, CancellationToken cancel)
    {
        Directory.CreateDirectory("/run/sshd");
        await run.RunCheckedAsync(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cloudorchestra-local-cloud", "-f",
                layout.IdentityFile],
            cancel);
        progress.Report($"bridge {layout.Bridge} at {layout.BridgeAddress}");
        await run.RunCheckedAsync(["ip", "link", "add", layout.Bridge, "type", "bridge"], cancel);
        await run.RunCheckedAsync(["ip", "addr", "add", $"{layout.BridgeAddress}/24", "dev", layout.Bridge], cancel);
        await run.RunCheckedAsync(["ip", "link", "set", layout.Bridge, "up"], cancel);
        await AddMachinesAsync(record, 1, record.Hosts, progress, cancel);
    }

    /// <summary>
    /// Random offsets up to <see cref="MostClockOffset"/> s either way, none that would set a clock before its start:
    /// a monotonic clock counts from boot, and a computer up for less than 10,000 s has no room for -10,000.
    /// </summary>
    private static List<long> RandomOffsets(int count)
    {
        var uptime = (long)(Environment.TickCount64 / 1000);
        var least = -Math.Min(MostClockOffset, Math.Max(0, uptime - 60));
        return [.. Enumerable.Range(0, count).Select(_ => Random.Shared.NextInt64(least, MostClockOffset + 1))];
    }

    /// <summary>
    /// Machines first to last: each a namespace, a user and an sshd, its host key added to the cloud's known hosts.
    /// </summary>
    private async Task AddMachinesAsync(LocalCloudRecord record, int first, int last, IProgress<string> progress,
        CancellationToken cancel)
    {
        var publicKey = await File.ReadAllTextAsync(layout.IdentityFile + ".pub", cancel);
        var knownHosts = new List<string>();
        for (var i = first; i <= last; i++)
        {
            progress.Report($"{layout.NodeName(i)}: namespace {layout.Namespace(i)}, user {layout.User(i)}, "
                + $"address {layout.Address(i)}");
            await CreateNetworkAsync(i, cancel);
            await CreateUserAsync(i, publicKey, cancel);
            knownHosts.Add($"{layout.Address(i)} {await StartSshdAsync(i, record.ClockOffsetOf(i), cancel)}");
        }
        await File.AppendAllLinesAsync(layout.KnownHostsFile, knownHosts, cancel);
        await Task.WhenAll(Enumerable.Range(first, last - first + 1).Select(i => WaitForSshdAsync(i, cancel)));
    }

    /// <summary>
    /// A machine whose sshd does not answer (it was killed, or stopped with its namespace still there) gets it back,
    /// with the host key it had: deployments on it can then be reached again, to be played or torn down.
    /// </summary>
    private async Task HealAsync(LocalCloudRecord record, IProgress<string> progress, CancellationToken cancel)
    {
        foreach (var i in Enumerable.Range(1, record.Hosts))
        {
            if (await AcceptsAsync(layout.Address(i), 22, cancel)) continue;
            if (!(await run.RunAsync(["ip", "netns", "pids", layout.Namespace(i)], cancel)).Succeeded)
            {
                throw new InvalidOperationException($"{layout.NodeName(i)} of the local cloud is gone (no namespace "
                    + $"{layout.Namespace(i)}): run 'orchestra cloud down', then up again");
            }
            progress.Report($"{layout.NodeName(i)}: its sshd does not answer; starting it again");
            await StartSshdAsync(i, record.ClockOffsetOf(i), cancel);
            await WaitForSshdAsync(i, cancel);
        }
    }

    private async Task CreateNetworkAsync(int i, CancellationToken cancel)
    {
        var ns = layout.Namespace(i);
        await run.RunCheckedAsync(["ip", "netns", "add", ns], cancel);
        await run.RunCheckedAsync(
            ["ip", "link", "add", layout.Veth(i), "type", "veth", "peer", "name", "eth0", "netns", ns], cancel);
        await run.RunCheckedAsync(["ip", "link", "set", layout.Veth(i), "master", layout.Bridge, "up"], cancel);
        await run.RunCheckedAsync(["ip", "-n", ns, "addr", "add", $"{layout.Address(i)}/24", "dev", "eth0"], cancel);
        await run.RunCheckedAsync(["ip", "-n", ns, "link", "set", "eth0", "up"], cancel);
        await run.RunCheckedAsync(["ip", "-n", ns, "link", "set", "lo", "up"], cancel);
        await run.RunCheckedAsync(["ip", "-n", ns, "route", "add", "default", "via", layout.BridgeAddress], cancel);
    }

    private async Task CreateUserAsync(int i, string publicKey, CancellationToken cancel)
    {
        var user = layout.User(i);
        if (!(await run.RunAsync(["id", "-u", user], cancel)).Succeeded)
        {
            await run.RunCheckedAsync(
                ["useradd", "--create-home", "--shell", "/bin/bash", "--comment", LocalCloudLayout.UserComment, user],
                cancel);
        }
        // No password, yet not locked: sshd (without PAM) refuses even key logins to a locked account ('!').
        await run.RunCheckedAsync(["usermod", "--password", "*", user], cancel);
        var home = (await run.RunCheckedAsync(["getent", "passwd", user], cancel)).Stdout.Split(':')[5];
        var ssh = Path.Combine(home, ".ssh");
        Directory.CreateDirectory(ssh);
        await File.WriteAllTextAsync(Path.Combine(ssh, "authorized_keys"), publicKey, cancel);
        await run.RunCheckedAsync(["chown", "-R", $"{user}:{user}", ssh], cancel);
        await run.RunCheckedAsync(["chmod", "700", ssh], cancel);
        await run.RunCheckedAsync(["chmod", "600", Path.Combine(ssh, "authorized_keys")], cancel);
    }

    /// <returns>
    /// The machine's public host key, for known_hosts (made the first time; kept when its sshd is started again).
    /// </returns>
    /// <param name="clockOffset">Its clocks' offset in seconds: not 0, it runs in a time namespace of its own, and so
    /// does everything its sessions start.</param>
    private async Task<string> StartSshdAsync(int i, long clockOffset, CancellationToken cancel)
    {
        var dir = layout.NodeDirectory(i);
        Directory.CreateDirectory(dir);
        var hostKey = Path.Combine(dir, "ssh_host_ed25519_key");
        if (!File.Exists(hostKey))
            await run.RunCheckedAsync(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", layout.NodeName(i), "-f", hostKey], cancel);
        var config = Path.Combine(dir, "sshd_config");
        await File.WriteAllTextAsync(config,
            SshdConfig.Render(layout.Address(i), layout.User(i), hostKey, Path.Combine(dir, "sshd.pid")), cancel);
        // Like a real machine, each has its own /dev/shm: JACK keeps its registry there, and servers of
        // different machines must neither race over one registry nor see each other's leftovers.
        string[] time = clockOffset == 0 ? []
            : ["--time", "--monotonic", $"{clockOffset}", "--boottime", $"{clockOffset}"];
        await run.RunCheckedAsync(["ip", "netns", "exec", layout.Namespace(i), "unshare", "--mount", "--propagation",
            "private", .. time,
            "/bin/sh", "-c", "mount -t tmpfs -o mode=1777 tmpfs /dev/shm && exec /usr/sbin/sshd -f \"$1\" -E \"$2\"",
            "sshd-with-private-shm", config, Path.Combine(dir, "sshd.log")], cancel);
        var key = (await File.ReadAllTextAsync(hostKey + ".pub", cancel)).Split(' ');
        return $"{key[0]} {key[1]}";
    }

    private async Task WaitForSshdAsync(int i, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + SshdReadyTimeout;
        while (!await AcceptsAsync(layout.Address(i), 22, cancel))
        {
            if (DateTime.UtcNow > deadline)
            {
                var log = Path.Combine(layout.NodeDirectory(i), "sshd.log");
                var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(5)) : "(no log)";
                throw new CommandFailedException($"{layout.NodeName(i)}: sshd did not accept connections at "
                    + $"{layout.Address(i)}:22 within {SshdReadyTimeout.TotalSeconds:0} s; its log ends:\n{tail}");
            }
            await Task.Delay(20, cancel);
        }
    }

    private static async Task<bool> AcceptsAsync(string address, int port, CancellationToken cancel)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Hosts file entries for the cloud's first machines, one per name given (node1, node2... by default), each
    /// offering the cores given: what <c>cloud up --out</c> writes, and what a deployment on this cloud plans with.
    /// </summary>
    public IReadOnlyList<HostEntry> Hosts(IReadOnlyList<(string Name, int Cores)> machines) =>
        [.. machines.Select((m, index) => new HostEntry(
            m.Name, layout.Address(index + 1), layout.User(index + 1), m.Cores, layout.IdentityFile,
            layout.KnownHostsFile))];

    /// <summary>
    /// The cloud's first <paramref name="count"/> machines under their own names, each offering
    /// <paramref name="cores"/>.
    /// </summary>
    public IReadOnlyList<HostEntry> Hosts(int count, int cores) =>
        Hosts([.. Enumerable.Range(1, count).Select(i => (layout.NodeName(i), cores))]);

    /// <summary>Removes every namespace, link, user, process and file of this cloud; safe to run again.</summary>
    public async Task<IReadOnlyList<string>> DownAsync(IProgress<string> progress, CancellationToken cancel)
    {
        RequireRoot("cloud down");
        using var changing = await LockAsync(cancel);
        return await RemoveAllAsync(progress, cancel);
    }

    /// <summary>Machines first to last, as a failed grow leaves them: their processes, namespaces and users.</summary>
    private async Task RemoveMachinesAsync(int first, int last, CancellationToken cancel)
    {
        for (var i = first; i <= last; i++)
        {
            await KillAllInNamespaceAsync(layout.Namespace(i), cancel);
            await run.RunAsync(["pkill", "-KILL", "-u", layout.User(i)], cancel);
            await run.RunAsync(["ip", "netns", "del", layout.Namespace(i)], cancel);
            await run.RunAsync(["ip", "link", "del", layout.Veth(i)], cancel);
            await WaitUntilAsync(
                async () => (await run.RunAsync(["userdel", "--remove", layout.User(i)], cancel)).Succeeded,
                TimeSpan.FromSeconds(5), cancel);
        }
    }

    private async Task<IReadOnlyList<string>> RemoveAllAsync(IProgress<string> progress, CancellationToken cancel)
    {
        var removed = new List<string>();
        var namespaces = (await run.RunAsync(["ip", "netns", "list"], cancel)).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])
            .Where(ns => layout.NodeNumberOf(ns) is not null).ToList();
        var users = (await File.ReadAllLinesAsync("/etc/passwd", cancel))
            .Select(l => l.Split(':'))
                .Where(f =>
                    f.Length > 4 && f[4] == LocalCloudLayout.UserComment
                        && f[0].StartsWith($"{layout.Prefix}-node", StringComparison.Ordinal))
            .Select(f => (Name: f[0], Uid: f[2])).ToList();

        foreach (var ns in namespaces)
        {
            await KillAllInNamespaceAsync(ns, cancel);
        }
        foreach (var (name, uid) in users)
        {
            await run.RunAsync(["pkill", "-KILL", "-u", name], cancel);
            await RemoveSharedMemoryOfAsync(uid, cancel);
        }
        foreach (var ns in namespaces)
        {
            progress.Report($"removing namespace {ns}");
            await run.RunAsync(["ip", "netns", "del", ns], cancel);
            await run.RunAsync(["ip", "link", "del", layout.Veth(layout.NodeNumberOf(ns)!.Value)], cancel);
            await Impairment.RemoveDropAsync(run, layout, layout.NodeNumberOf(ns)!.Value, cancel);
            removed.Add(ns);
        }
        foreach (var (name, _) in users)
        {
            progress.Report($"removing user {name}");
            await WaitUntilAsync(async () => (await run.RunAsync(["userdel", "--remove", name], cancel)).Succeeded,
                TimeSpan.FromSeconds(5), cancel);
        }
        if ((await run.RunAsync(["ip", "link", "show", layout.Bridge], cancel)).Succeeded)
        {
            progress.Report($"removing bridge {layout.Bridge}");
            await run.RunAsync(["ip", "link", "del", layout.Bridge], cancel);
        }
        if (Directory.Exists(layout.Directory)) Directory.Delete(layout.Directory, recursive: true);
        return removed;
    }

    private async Task KillAllInNamespaceAsync(string ns, CancellationToken cancel)
    {
        foreach (var signal in new[] { "-TERM", "-KILL" })
        {
            var pids = (await run.RunAsync(["ip", "netns", "pids", ns], cancel)).Stdout.Split('\n',
                StringSplitOptions.RemoveEmptyEntries);
            if (pids.Length == 0) return;
            await run.RunAsync(["kill", signal, .. pids], cancel);
            await WaitUntilAsync(
                async () => (await run.RunAsync(["ip", "netns", "pids", ns], cancel)).Stdout.Trim().Length == 0,
                TimeSpan.FromSeconds(3), cancel);
        }
    }

    /// <summary>JACK leaves its semaphores in /dev/shm when killed; the registry itself is shared and stays.</summary>
    private Task RemoveSharedMemoryOfAsync(string uid, CancellationToken cancel) =>
        run.RunAsync(
            ["find", "/dev/shm", "-maxdepth", "1", "-type", "f", "-uid", uid, "!", "-name", "jack-shm-registry",
                "-delete"],
            cancel);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition() && DateTime.UtcNow < deadline) await Task.Delay(20, cancel);
    }

    private static void RequireRoot(string what)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UnauthorizedAccessException(
                $"orchestra {what} needs root to create network namespaces and users: run it with sudo");
        }
    }
}

/// <summary>One machine as a hosts file lists it.</summary>
public sealed record HostEntry(string Name, string Address, string User, int Cores, string Identity, string KnownHosts);
