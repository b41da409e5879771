using System.Globalization;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>A bad network for one local-cloud machine: delay, jitter and loss on its interface (tc netem).</summary>
public sealed record Impairment(double DelayMs, double JitterMs, double LossPercent)
{
    public static async Task ApplyAsync(ICommandRunner run, LocalCloudLayout layout, int node, Impairment? impairment, CancellationToken cancel)
    {
        string[] exec = ["ip", "netns", "exec", layout.Namespace(node), "tc", "qdisc"];
        if (impairment is null)
        {
            await run.RunAsync([.. exec, "del", "dev", "eth0", "root"], cancel);
            return;
        }
        var f = CultureInfo.InvariantCulture;
        var result = await run.RunAsync([.. exec, "replace", "dev", "eth0", "root", "netem",
            "delay", $"{impairment.DelayMs.ToString(f)}ms", $"{impairment.JitterMs.ToString(f)}ms",
            "loss", $"{impairment.LossPercent.ToString(f)}%"], cancel);
        if (result.Succeeded) return;
        if (result.Stderr.Contains("qdisc kind is unknown", StringComparison.Ordinal))
        {
            throw new CommandFailedException("this machine's kernel has no netem queueing discipline (sch_netem), so tc cannot delay or drop packets here");
        }
        throw new CommandFailedException($"tc netem failed on {layout.NodeName(node)}: {result.Tail()}");
    }
}
