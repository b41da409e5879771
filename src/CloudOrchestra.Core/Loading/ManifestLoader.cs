using System.Text.RegularExpressions;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// Reads a module directory's <c>manifest.json</c>: <c>{"synth": "csound", "main": "fm.csd", "module": "fm"}</c>.
/// </summary>
internal static partial class ManifestLoader
{
    public const string FileName = "manifest.json";

    public static Module? Load(string moduleDirectory, string moduleName, DiagnosticBag diagnostics)
    {
        var path = Path.Combine(moduleDirectory, FileName);
        if (DocumentReader.Read(path, diagnostics) is not { } root) return null;
        var item = $"module '{moduleName}'";
        if (root is not SourceObject obj)
        {
            diagnostics.Error(root.Location, $"{item}: the manifest must be a JSON object, but is {root.Describe()}");
            return null;
        }
        var errorsBefore = diagnostics.ErrorCount;
        var fields = new FieldReader(obj, item, diagnostics);
        var engine = fields.RequiredString("synth");
        if (engine is not null && !SynthEngine.Known.Contains(engine))
        {
            diagnostics.Error(fields.LocationOf("synth"),
                $"{item}: unknown synth engine '{engine}'; known engines: {string.Join(", ", SynthEngine.Known)}");
        }
        var declaredName = fields.OptionalString("module");
        if (declaredName is not null && declaredName != moduleName)
        {
            diagnostics.Error(fields.LocationOf("module"),
                $"{item}: the manifest names the module '{declaredName}', but its directory is '{moduleName}'");
        }
        var main = engine == SynthEngine.Command ? fields.OptionalString("main") : fields.RequiredString("main");
        if (main is not null) CheckMainFile(moduleDirectory, main, fields, diagnostics);
        if (engine == SynthEngine.ChucK && main is not null && main.Contains(':'))
        {
            // ChucK reads "file.ck:a:b" as the file file.ck given the arguments a and b.
            diagnostics.Error(fields.LocationOf("main"), $"{item}: a ChucK main file's name must not contain ':' "
                + $"(ChucK would read what follows as arguments): '{main}'");
        }
        CheckLinks(moduleDirectory, item, diagnostics);
        var cores = fields.OptionalWhole("cores", 0, 1024) ?? 1;
        var templated = fields.Get("templated") switch
        {
            null => false,
            SourceBool b => b.Value,
            var other => Fail(other),
        };
        bool Fail(SourceValue other)
        {
            diagnostics.Error(other.Location, $"{item}: 'templated' must be true or false, but is {other.Describe()}");
            return false;
        }
        var defaults = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (fields.OptionalObject("params") is { } declaredParams)
        {
            foreach (var p in declaredParams.Properties)
            {
                if (Scalar(p.Value) is { } text) defaults[p.Name] = text;
                else diagnostics.Error(p.Value.Location, $"{item}: parameter '{p.Name}' must default to a string, "
                    + $"number or boolean, but is {p.Value.Describe()}");
            }
        }
        var controls = ControlsReader.Read(fields, item, diagnostics);
        if (engine == SynthEngine.Command)
        {
            var command = Words(fields, "command", item, diagnostics, required: true, pattern: null);
            if (command.Count > 0 && command[0].StartsWith('-'))
            {
                diagnostics.Error(fields.OptionalArray("command")!.Items[0].Location,
                    $"{item}: the program in 'command' must not begin with '-'");
            }
            var ports = fields.OptionalObject("ports");
            var portFields = ports is null ? null : new FieldReader(ports, item, diagnostics);
            var inputPorts = portFields is null
                ? []
                : Words(portFields, "inputs", item, diagnostics, required: false, pattern: PortPattern());
            var outputPorts = portFields is null
                ? []
                : Words(portFields, "outputs", item, diagnostics, required: false, pattern: PortPattern());
            foreach (var (key, count) in new[] { ("inputs", inputPorts.Count), ("outputs", outputPorts.Count) })
            {
                if (fields.OptionalWhole(key, 0, 64) is { } declared && declared != count)
                {
                    diagnostics.Error(fields.LocationOf(key),
                        $"{item}: '{key}' says {declared}, but 'ports' names {count} {key[..^1]} ports");
                }
            }
            if (diagnostics.ErrorCount > errorsBefore) return null;
            return new Module(moduleName, engine, main, inputPorts.Count, outputPorts.Count, cores, moduleDirectory,
                obj.Location, command, inputPorts, outputPorts, templated, defaults, controls);
        }
        var inputs = fields.OptionalWhole("inputs", 0, 64) ?? 1;
        var outputs = fields.OptionalWhole("outputs", 0, 64) ?? 1;
        if (diagnostics.ErrorCount > errorsBefore) return null;
        return new Module(moduleName, engine!, main, inputs, outputs, cores, moduleDirectory, obj.Location,
            Templated: templated, ParamDefaults: defaults, Controls: controls);
    }

    private static string? Scalar(SourceValue value) => value switch
    {
        SourceString s => s.Value,
        SourceNumber n => n.Text,
        SourceBool b => b.Value ? "true" : "false",
        _ => null,
    };

    /// <summary>An array of strings: a command's words, or JACK port names ("{block}:out_1").</summary>
    private static IReadOnlyList<string> Words(FieldReader fields, string key, string item, DiagnosticBag diagnostics,
        bool required, Regex? pattern)
    {
        var missing = fields.Get(key) is null;
        var array = fields.OptionalArray(key);
        if (array is null || array.Items.Count == 0)
        {
            if (required && missing)
                diagnostics.Error(fields.LocationOf(key), $"{item}: a command module needs '{key}': "
                    + $"the program and its arguments, such as [\"my-synth\", \"--name\", \"{{block}}\"]");
            else if (required && array is not null)
                diagnostics.Error(array.Location, $"{item}: '{key}' must name a program");
            return [];
        }
        var words = new List<string>();
        foreach (var value in array.Items)
        {
            if (value is not SourceString { Value: var word } || word.Length == 0 || word.Contains('\0'))
            {
                diagnostics.Error(value.Location,
                    $"{item}: every item of '{key}' must be a non-empty string, but one is {value.Describe()}");
                continue;
            }
            if (pattern is not null && !pattern.IsMatch(word))
            {
                diagnostics.Error(value.Location, $"{item}: JACK port '{word}' is not allowed: write CLIENT:PORT, "
                    + $"such as \"{{block}}:out_1\" (letters, digits, '_', '-', '.', ' ')");
                continue;
            }
            words.Add(word);
        }
        return words;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.{}-]+:[A-Za-z0-9_. {}-]+\z")]
    private static partial Regex PortPattern();

    /// <summary>
    /// Every symbolic link of the module must end inside it: its files are copied to machines, and only its own may be.
    /// </summary>
    private static void CheckLinks(string moduleDirectory, string item, DiagnosticBag diagnostics)
    {
        try
        {
            foreach (var link in ModuleFiles.Walk(moduleDirectory).Where(e => e.Kind == ModuleEntryKind.Link))
            {
                if (ModuleFiles.LinkProblem(moduleDirectory, link) is { } problem)
                {
                    diagnostics.Error(
                        SourceLocation.WholeFile(DisplayPath.Of(Path.Combine(moduleDirectory, link.RelativePath))),
                        $"{item}: {problem}");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(SourceLocation.WholeFile(DisplayPath.Of(moduleDirectory)),
                $"{item}: cannot read the module's directory: {e.Message}");
        }
    }

    private static void CheckMainFile(string moduleDirectory, string main, FieldReader fields,
        DiagnosticBag diagnostics)
    {
        var location = fields.LocationOf("main");
        if (Names.HasControlCharacter(main))
        {
            diagnostics.Error(location, $"{fields.Item}: main file '{Names.Printable(main)}' holds a control "
                + "character (such as a newline or NUL), which no file name may");
            return;
        }
        var full = Path.GetFullPath(Path.Combine(moduleDirectory, main));
        var inside = full.StartsWith(Path.GetFullPath(moduleDirectory) + Path.DirectorySeparatorChar,
            StringComparison.Ordinal);
        if (Path.IsPathRooted(main) || !inside)
        {
            diagnostics.Error(location, $"{fields.Item}: main file '{main}' must be inside the module's directory");
        }
        else if (!File.Exists(full))
        {
            diagnostics.Error(location,
                $"{fields.Item}: main file '{main}' not found in '{DisplayPath.Of(moduleDirectory)}'");
        }
    }
}
