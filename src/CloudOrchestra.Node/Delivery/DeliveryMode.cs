namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// How the messages of one address travel between nodes, as a module's manifest declares it (<c>"delivery"</c>).
/// Undeclared addresses are <see cref="Reliable"/>.
/// </summary>
public enum DeliveryMode
{
    /// <summary>Sent once; may be lost.</summary>
    Fast,

    /// <summary>Every message arrives once, in any order.</summary>
    Reliable,

    /// <summary>Every message arrives once, in the sender's order.</summary>
    Ordered,

    /// <summary>Only the newest value of the address must arrive: a lost message is resent only if nothing newer
    /// superseded it (a slider).</summary>
    Latest,
}

public static class DeliveryModes
{
    public static readonly IReadOnlyList<string> Names = ["fast", "reliable", "ordered", "latest"];

    public static string NameOf(this DeliveryMode mode) => Names[(int)mode];

    public static bool TryParse(string? name, out DeliveryMode mode)
    {
        var index = name is null ? -1 : Names.ToList().IndexOf(name);
        mode = index < 0 ? DeliveryMode.Reliable : (DeliveryMode)index;
        return index >= 0;
    }
}
