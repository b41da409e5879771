namespace CloudOrchestra.Node.Delivery;

/// <summary>
/// One address a block takes, as its module's manifest declares it under <c>"controls"</c>: the OSC type tags its
/// messages must carry (none: any), and how they travel.
/// </summary>
public sealed record Control(string? Type, DeliveryMode Delivery)
{
    public static readonly Control Undeclared = new(null, DeliveryMode.Reliable);
}
