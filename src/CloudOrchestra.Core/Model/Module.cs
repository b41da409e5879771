using CloudOrchestra.Diagnostics;

namespace CloudOrchestra.Model;

/// <summary>
/// A synth: a directory holding <c>manifest.json</c> and the files it needs. Like a class whose
/// instances are <see cref="Block"/>s.
/// </summary>
/// <param name="Directory">Absolute path of the module's directory; null for the built-in ADC and DAC.</param>
/// <param name="Main">The file the engine runs, relative to <paramref name="Directory"/>.</param>
/// <param name="Cores">CPU cost of one block of this module, in whole cores.</param>
/// <param name="Command">For the <c>command</c> engine: the program and its arguments; <c>{block}</c> stands for the
/// block's name.</param>
/// <param name="InputPorts">For the <c>command</c> engine: the JACK ports it registers, <c>{block}</c> standing for the
/// block's name.</param>
/// <param name="Templated">Its files are Handlebars templates, rendered for each block (seed 001 §4.3).</param>
/// <param name="ParamDefaults">The parameters its blocks may set, with their defaults.</param>
/// <param name="Controls">The OSC addresses its blocks take (the manifest's <c>"controls"</c>).</param>
public sealed record Module(
    string Name,
    string Engine,
    string? Main,
    int Inputs,
    int Outputs,
    int Cores,
    string? Directory,
    SourceLocation Origin,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<string>? InputPorts = null,
    IReadOnlyList<string>? OutputPorts = null,
    bool Templated = false,
    IReadOnlyDictionary<string, string>? ParamDefaults = null,
    IReadOnlyList<ModuleControl>? Controls = null)
{
    /// <summary>The placeholder a command module's arguments and port names use for the block's name.</summary>
    public const string BlockPlaceholder = "{block}";

    /// <summary>What a command module's arguments use for the block's OSC port and its machine's node's port.</summary>
    public const string OscPortPlaceholder = "{oscPort}";

    public const string NodePortPlaceholder = "{nodePort}";

    public const string AdcName = "ADC";
    public const string DacName = "DAC";

    public bool IsBuiltIn => Engine == SynthEngine.Listener;

    /// <summary>
    /// The main file as a program's argument: a name that begins like an option ("-x.csd") is given as a path.
    /// </summary>
    public string? MainArgument => Main is { } main && main.StartsWith('-') ? $"./{main}" : Main;

    public static bool IsBuiltInName(string name) => name is AdcName or DacName;

    /// <summary>Audio from the listener into the orchestra: outputs only, costs no cores.</summary>
    public static Module Adc(int channels, SourceLocation origin) =>
        new(AdcName, SynthEngine.Listener, null, 0, channels, 0, null, origin);

    /// <summary>Audio from the orchestra to the listener: inputs only, costs no cores.</summary>
    public static Module Dac(int channels, SourceLocation origin) =>
        new(DacName, SynthEngine.Listener, null, channels, 0, 0, null, origin);
}
