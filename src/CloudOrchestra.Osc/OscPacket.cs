namespace CloudOrchestra.Osc;

/// <summary>What one datagram carries: a message, or a bundle of packets for one time.</summary>
public abstract record OscPacket;

/// <summary>An OSC message: an address pattern (<c>/BLOCK/freq</c>) and its arguments.</summary>
public sealed record OscMessage(string Address, IReadOnlyList<OscValue> Arguments) : OscPacket
{
    public OscMessage(string address, params OscValue[] arguments)
        : this(address, (IReadOnlyList<OscValue>)arguments) { }

    /// <summary>The type tags of its arguments, as the message carries them after the comma (<c>"fi"</c>).</summary>
    public string TypeTags => string.Concat(Arguments.Select(a => a.Tag));

    public bool Equals(OscMessage? other) =>
        other is not null && Address == other.Address && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Address, Arguments.Count);

    public override string ToString() =>
        $"{Address} {TypeTags} {string.Join(' ', Arguments.Select(OscText.Of))}".TrimEnd();
}

/// <summary>An OSC bundle: its elements are to take effect at <see cref="Time"/>.</summary>
public sealed record OscBundle(OscTimeTag Time, IReadOnlyList<OscPacket> Elements) : OscPacket
{
    public bool Equals(OscBundle? other) =>
        other is not null && Time == other.Time && Elements.SequenceEqual(other.Elements);

    public override int GetHashCode() => HashCode.Combine(Time, Elements.Count);
}
