using System.Text.Json;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.LocalCloud;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Deployment;

namespace CloudOrchestra.Deploy.Orchestration;

/// <summary>
/// The machines of the local cloud an orchestra is played on when its hosts file says "cloud": "local", or it has none.
/// </summary>
public sealed class LocalCloudHosts(ICommandRunner run)
{
    /// <summary>Whether the hosts file names the local cloud (<c>"cloud": "local"</c>) for its machines.</summary>
    public static bool IsLocalCloud(string hostsFile)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(hostsFile),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("cloud", out var cloud) && cloud.ValueKind == JsonValueKind.String
                    && cloud.GetString() == "local";
        }
        catch (JsonException)
        {
            return false; // the loader reports it, located
        }
    }

    /// <summary>
    /// A local cloud with room for the hosts file's machines (their names and cores as it gives them), or, with no
    /// hosts file, one machine of one core per block that needs a core, so that nothing overflows. A cloud that is up
    /// keeps its machines, and grows when it has too few: another orchestra may be playing on them. Not to
    /// <paramref name="make"/> it, it must be up, with room: its key and known hosts, which its machines are reached
    /// with, exist only then.
    /// </summary>
    /// <returns>The hosts file written for the orchestra's machines on it, and the cloud.</returns>
    /// <exception cref="CommandFailedException">Not to make it, and it is not up or too small.</exception>
    public async Task<(string HostsFile, LocalCloudOf Cloud)> EnsureAsync(Model.Resources? described,
        Model.Orchestra orchestra,
        IProgress<string> progress, CancellationToken cancel, bool make)
    {
        var cloud = new LocalCloud.LocalCloud(LocalCloudLayout.FromEnvironment(), run);
        IReadOnlyList<(string Name, int Cores)> machines = described is not null
            ? [.. described.Hosts.Select(h => (h.Name, h.Cores))]
            : [.. Enumerable.Range(1,
                Math.Clamp(orchestra.Blocks.Count(b => b.Cores > 0), 1, LocalCloudLayout.MaxHosts))
                .Select(i => (cloud.Layout.NodeName(i), 1))];
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
                    + $"'orchestra cloud up --hosts {machines.Count} --cores {cores} --out FILE' makes it (or give "
                        + "--hosts FILE of your own machines)");
        }
        var written = Path.Combine(cloud.Layout.Directory, $"hosts-{DeploymentPlanner.IdOf(orchestra.Directory)}.json");
        HostsFileWriter.Write(written, cloud.Hosts(machines), "The local cloud's machines as 'orchestra up' deploys "
            + "this orchestra on them; 'orchestra cloud down' removes it.");
        return (written, new LocalCloudOf(record.Prefix, record.Id ?? ""));
    }
}
