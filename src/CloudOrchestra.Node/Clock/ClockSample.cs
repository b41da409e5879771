namespace CloudOrchestra.Node.Clock;

/// <summary>
/// One probe's four timestamps, NTP's: sent and answered by this machine's clock (<paramref name="Sent"/>,
/// <paramref name="Back"/>), received and answered by network time (<paramref name="Received"/>,
/// <paramref name="Answered"/>).
/// </summary>
public readonly record struct ClockSample(long Sent, long Received, long Answered, long Back)
{
    /// <summary>This machine's clock minus network time, if the way there took as long as the way back.</summary>
    public long Offset => ((Sent - Received) + (Back - Answered)) / 2;

    /// <summary>Time on the wire both ways, without the time the conductor held the probe.</summary>
    public long RoundTrip => (Back - Sent) - (Answered - Received);
}
