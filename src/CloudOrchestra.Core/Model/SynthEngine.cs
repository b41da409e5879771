namespace CloudOrchestra.Model;

/// <summary>
/// The synth engines a module's manifest may name in <c>synth</c>, plus the two built-in pseudo-engines.
/// </summary>
public static class SynthEngine
{
    public const string Csound = "csound";
    public const string SuperCollider = "supercollider";
    public const string Pd = "pd";
    public const string ChucK = "chuck";
    public const string Command = "command";

    /// <summary>
    /// Audio from the listener (<c>ADC</c>) and to the listener (<c>DAC</c>): no process of their own.
    /// </summary>
    public const string Listener = "listener";

    public static readonly IReadOnlyList<string> Known = [Csound, SuperCollider, Pd, ChucK, Command];
}
