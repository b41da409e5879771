namespace CloudOrchestra.Osc;

/// <summary>
/// An OSC time tag: NTP's 64-bit fixed point, seconds since 1900 in the high 32 bits and a binary fraction in the low.
/// The value 1 means "immediately".
/// </summary>
public readonly record struct OscTimeTag(ulong Value)
{
    public static readonly OscTimeTag Immediately = new(1);

    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public bool IsImmediate => Value == 1;

    public uint Seconds => (uint)(Value >> 32);

    public uint Fraction => (uint)Value;

    /// <summary>The instant as UTC wall-clock time (NTP era 0).</summary>
    public DateTime ToDateTime() => NtpEpoch.AddTicks((long)Seconds * TimeSpan.TicksPerSecond
        + (long)((Fraction * (double)TimeSpan.TicksPerSecond) / 4294967296.0));

    public static OscTimeTag From(DateTime utc)
    {
        var since = utc.ToUniversalTime() - NtpEpoch;
        var seconds = (ulong)(since.Ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)((since.Ticks % TimeSpan.TicksPerSecond) * 4294967296.0 / TimeSpan.TicksPerSecond);
        return new OscTimeTag((seconds << 32) | fraction);
    }

    public override string ToString() => IsImmediate ? "immediately" : $"{Seconds:x8}.{Fraction:x8}";
}
