namespace CloudOrchestra.Model;

/// <summary>How a machine's JACK server runs. The dummy backend needs no sound card, as on a cloud VM.</summary>
public sealed record JackSettings(string Driver, string? Device, int SampleRate, int Period)
{
    public static readonly JackSettings Default = new("dummy", null, 48000, 256);
}
