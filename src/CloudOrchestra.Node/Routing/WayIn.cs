using System.Diagnostics.CodeAnalysis;
using CloudOrchestra.Node.Config;
using CloudOrchestra.Node.Delivery;
using CloudOrchestra.Node.Diagnostics;

namespace CloudOrchestra.Node.Routing;

/// <summary>
/// What every way in (the conductor's OSC port, a machine's synths' port) asks of a message before it travels: that it
/// names a block of the deployment, and carries what that block declared for its address. A refusal is counted and
/// logged here, once for all of them.
/// </summary>
public static class WayIn
{
    /// <returns>Whether it may travel: then with its block and the control of its address, else with why not.</returns>
    public static bool Admits(NodeConfig config, NodeCounters counters, [NotNullWhen(true)] BlockMessage? routed,
        string address, string from, [NotNullWhen(true)] out BlockEntry? block, out Control control,
        [NotNullWhen(false)] out string? refusal)
    {
        (block, control, refusal) = (null, Control.Undeclared, null);
        if (routed is null || !config.Blocks.TryGetValue(routed.Block, out block))
        {
            counters.Dropped("unknown block", $"{address} from {from}");
            refusal = $"no block is named in {address}";
            return false;
        }
        control = block.ControlOf(routed.Message.Address);
        if (BlockMessage.Fits(routed.Message, control.Type)) return true;
        counters.Dropped("type mismatch", $"{address} {routed.Message.TypeTags} from {from} (declared {control.Type})");
        refusal = $"{routed.Block}'s {routed.Message.Address} takes '{control.Type}', not '{routed.Message.TypeTags}'";
        return false;
    }
}
