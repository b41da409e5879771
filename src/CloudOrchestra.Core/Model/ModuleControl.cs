namespace CloudOrchestra.Model;

/// <summary>
/// An OSC address a module's blocks take, as its manifest declares it under <c>"controls"</c>:
/// <c>"/freq": {"type": "f", "min": 20, "max": 2000, "default": 440, "delivery": "latest"}</c>. The nodes check
/// <paramref name="Type"/> where messages come in and send by <paramref name="Delivery"/>; control surfaces use the
/// range and default.
/// </summary>
/// <param name="Type">OSC type tags every message must carry ("f", "ii"); null: any.</param>
/// <param name="Delivery">One of <see cref="DeliveryModes"/>; undeclared: "reliable".</param>
public sealed record ModuleControl(string Address, string? Type, double? Min, double? Max, double? Default,
    string Delivery);

/// <summary>How a control's messages travel between nodes (docs/node-protocol.md says what each means).</summary>
public static class DeliveryModes
{
    public const string Fast = "fast";
    public const string Reliable = "reliable";
    public const string Ordered = "ordered";
    public const string Latest = "latest";

    public static readonly IReadOnlyList<string> All = [Fast, Reliable, Ordered, Latest];
}
