using System.Globalization;
using CloudOrchestra.Deploy.Processes;

namespace CloudOrchestra.Deploy.LocalCloud;

/// <summary>
/// A bad network for one local-cloud machine: delay, jitter and loss on what it sends. tc netem does all
/// three. Where the kernel has no netem (some cloud and micro-VM kernels), loss alone is still possible:
/// an nftables rule drops that share of the UDP it sends (the audio; ssh is spared) as it arrives on this
/// computer's side of the machine's link, so that, as on a real network, the sender does not notice.
/// <paramref name="BothWays"/>: what it receives too (netem on this computer's end of its link; nftables' egress hook
/// there), as a wireless network loses packets both ways.
/// </summary>
public sealed record Impairment(double DelayMs, double JitterMs, double LossPercent, bool BothWays = false)
{
    /// <summary>The nftables table (netdev family, this computer's namespace) that drops a machine's packets.</summary>
    private static string NftTable(LocalCloudLayout layout, int node) =>
        $"{layout.Prefix}_impair_node{node}".Replace('-', '_');

    /// <summary>Removes a machine's impairment, netem's or nftables'; there may be none.</summary>
    public static async Task ClearAsync(ICommandRunner run, LocalCloudLayout layout, int node, CancellationToken cancel)
    {
        await run.RunAsync(["ip", "netns", "exec", layout.Namespace(node), "tc", "qdisc", "del", "dev", "eth0", "root"],
            cancel);
        await run.RunAsync(["tc", "qdisc", "del", "dev", layout.Veth(node), "root"], cancel);
        await RemoveDropAsync(run, layout, node, cancel);
    }

    /// <summary>
    /// Removes the nftables table that drops a machine's packets, which lives on after its namespace; there may be
    /// none.
    /// </summary>
    public static Task RemoveDropAsync(ICommandRunner run, LocalCloudLayout layout, int node,
        CancellationToken cancel) =>
        run.RunAsync(["nft", "delete", "table", "netdev", NftTable(layout, node)], cancel);

    public static async Task ApplyAsync(ICommandRunner run, LocalCloudLayout layout, int node, Impairment? impairment,
        CancellationToken cancel)
    {
        string[] exec = ["ip", "netns", "exec", layout.Namespace(node)];
        if (impairment is null)
        {
            await ClearAsync(run, layout, node, cancel);
            return;
        }
        var f = CultureInfo.InvariantCulture;
        string[] netem = ["netem", "delay", $"{impairment.DelayMs.ToString(f)}ms",
            $"{impairment.JitterMs.ToString(f)}ms", "loss", $"{impairment.LossPercent.ToString(f)}%"];
        var result = await run.RunAsync([.. exec, "tc", "qdisc", "replace", "dev", "eth0", "root", .. netem], cancel);
        if (result.Succeeded && impairment.BothWays)
            result = await run.RunAsync(["tc", "qdisc", "replace", "dev", layout.Veth(node), "root", .. netem], cancel);
        if (result.Succeeded) return;
        if (!result.Stderr.Contains("qdisc kind is unknown", StringComparison.Ordinal))
        {
            throw new CommandFailedException($"tc netem failed on {layout.NodeName(node)}: {result.Tail()}");
        }
        if (impairment.DelayMs > 0 || impairment.JitterMs > 0)
        {
            throw new CommandFailedException(
                "this machine's kernel has no netem queueing discipline (sch_netem), so nothing here can delay "
                + "packets: --delay and --jitter are not possible; --loss alone is (it uses nftables)");
        }
        await DropAsync(run, layout, node, impairment.LossPercent, impairment.BothWays, cancel);
    }

    /// <summary>
    /// Drops a share of the machine's UDP where it enters this computer's namespace (the ingress of its veth),
    /// with nftables' random numbers, and with <paramref name="bothWays"/> a share of what leaves for it (the veth's
    /// egress). Dropped there, not in the machine's own output path, where the sender would get "operation not
    /// permitted" instead of silence.
    /// </summary>
    private static async Task DropAsync(ICommandRunner run, LocalCloudLayout layout, int node, double lossPercent,
        bool bothWays, CancellationToken cancel)
    {
        const int Scale = 1_000_000;
        var threshold = (int)Math.Round(lossPercent / 100 * Scale);
        var table = NftTable(layout, node);
        await RemoveDropAsync(run, layout, node, cancel);
        string[][] Chain(string name, string hook) =>
        [
            ["add", "chain", "netdev", table, name,
                $"{{ type filter hook {hook} device \"{layout.Veth(node)}\" priority 0; policy accept; }}"],
            ["add", "rule", "netdev", table, name, "ip", "protocol", "udp", "numgen", "random", "mod", $"{Scale}", "<",
                $"{threshold}", "drop"],
        ];
        string[][] commands =
            [["add", "table", "netdev", table], .. Chain("in", "ingress"), .. bothWays ? Chain("out", "egress") : []];
        foreach (var command in commands)
        {
            var result = await run.RunAsync(["nft", .. command], cancel);
            if (!result.Succeeded)
                throw new CommandFailedException($"nft {string.Join(' ', command.Take(3))} failed: {result.Tail()}");
        }
    }
}
