using System.Collections.Immutable;
using System.Globalization;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>Reads <c>synthdef.json</c> and the modules it uses into an <see cref="Orchestra"/>.</summary>
/// <param name="content">The synthdef's text in place of the file's (an edit being checked before it is saved).</param>
internal sealed class SynthdefLoader(string directory, DiagnosticBag diagnostics, byte[]? content = null)
{
    public const string FileName = "synthdef.json";

    private readonly Dictionary<string, Module?> _modules = new(StringComparer.Ordinal);

    /// <summary>Blocks declared but not built (their module is broken): already reported, not unknown.</summary>
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);

    public Orchestra? Load()
    {
        var path = Path.Combine(directory, FileName);
        if (content is null && !File.Exists(path))
        {
            diagnostics.Error(SourceLocation.WholeFile(DisplayPath.Of(path)),
                $"no {FileName} in '{DisplayPath.Of(directory)}'");
            return null;
        }
        var document = content is null
            ? DocumentReader.Read(path, diagnostics)
            : Files.JsonSourceReader.Read(DisplayPath.Of(path), content, diagnostics);
        if (document is not { } root) return null;
        if (root is not SourceObject obj)
        {
            diagnostics.Error(root.Location, $"the synthdef must be a JSON object, but is {root.Describe()}");
            return null;
        }
        var fields = new FieldReader(obj, "the synthdef", diagnostics);
        var aliases = ReadAliases(fields.OptionalObject("hosts"));
        var blocks = ReadBlocks(fields);
        var connections = new ConnectionReader(blocks, _broken, diagnostics).Read(fields.OptionalArray("connections"));
        if (diagnostics.HasErrors) return null;
        FeedbackLoops.Warn(blocks, connections, diagnostics);
        return new Orchestra(Path.GetFullPath(directory), DisplayPath.Of(path), [.. blocks], connections, aliases);
    }

    private ImmutableArray<string> ReadAliases(SourceObject? hosts)
    {
        if (hosts is null) return [];
        var aliases = new List<string>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in hosts.Properties)
        {
            if (!Names.IsValidName(property.Name))
            {
                diagnostics.Error(property.NameLocation,
                    $"host alias name '{property.Name}' is not allowed: {Names.NameRule}");
            }
            else if (!declared.Add(property.Name))
            {
                diagnostics.Error(property.NameLocation, $"host alias '{property.Name}' is declared twice");
            }
            else
            {
                aliases.Add(property.Name);
            }
        }
        return [.. aliases];
    }

    private List<Block> ReadBlocks(FieldReader synthdef)
    {
        var blocks = new List<Block>();
        if (synthdef.Get("blocks") is null)
        {
            diagnostics.Error(synthdef.Source.Location, "the synthdef has no 'blocks'");
            return blocks;
        }
        if (synthdef.OptionalObject("blocks") is not { } declared) return blocks;
        if (declared.Properties.Count == 0)
        {
            diagnostics.Error(declared.Location, "the synthdef has no blocks: declare at least one under 'blocks'");
        }
        var firstSeen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var property in declared.Properties)
        {
            if (!Names.IsValidName(property.Name))
            {
                diagnostics.Error(property.NameLocation,
                    $"block name '{property.Name}' is not allowed: {Names.NameRule}");
                continue;
            }
            if (Names.IsReserved(property.Name))
            {
                diagnostics.Error(property.NameLocation,
                    $"block name '{property.Name}' is reserved: {Names.ReservedRule}");
                continue;
            }
            if (firstSeen.TryGetValue(property.Name, out var first))
            {
                diagnostics.Error(property.NameLocation,
                    $"block '{property.Name}' is declared twice (first at line {first.Line})");
                continue;
            }
            firstSeen[property.Name] = property.NameLocation;
            if (ReadBlock(property) is { } block) blocks.Add(block);
            else _broken.Add(property.Name);
        }
        return blocks;
    }

    private Block? ReadBlock(SourceProperty property)
    {
        var item = $"block '{property.Name}'";
        if (property.Value is not SourceObject obj)
        {
            diagnostics.Error(property.Value.Location,
                $"{item} must be an object such as {{\"module\": \"fm\"}}, but is {property.Value.Describe()}");
            return null;
        }
        var fields = new FieldReader(obj, item, diagnostics);
        var moduleName = fields.RequiredString("module");
        var host = fields.OptionalString("host");
        var pin = host is null ? null : new Pin(host, fields.LocationOf("host"));
        if (host is not null && !Names.IsValidName(host))
        {
            diagnostics.Error(pin!.Origin, $"{item}: host '{host}' is not allowed: {Names.NameRule}");
        }
        var parameters = ReadParameters(fields);
        if (moduleName is null) return null;
        var module = Module.IsBuiltInName(moduleName)
            ? BuiltIn(moduleName, fields)
            : ResolveModule(moduleName, fields.LocationOf("module"), item);
        return module is null ? null : new Block(property.Name, module, pin, parameters, false, property.NameLocation);
    }

    private Module? BuiltIn(string moduleName, FieldReader fields)
    {
        var channels = fields.OptionalWhole("channels", 1, 64) ?? 1;
        return moduleName == Module.AdcName
            ? Module.Adc(channels, fields.Source.Location)
            : Module.Dac(channels, fields.Source.Location);
    }

    private ImmutableSortedDictionary<string, string> ReadParameters(FieldReader fields)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var parameter in fields.OptionalObject("params")?.Properties ?? [])
        {
            switch (parameter.Value)
            {
                case SourceString s: builder[parameter.Name] = s.Value; break;
                case SourceNumber n: builder[parameter.Name] = n.Value.ToString(CultureInfo.InvariantCulture); break;
                case SourceBool b: builder[parameter.Name] = b.Value ? "true" : "false"; break;
                default:
                    diagnostics.Error(parameter.Value.Location,
                        $"{fields.Item}: parameter '{parameter.Name}' must be a string, number or boolean, "
                            + $"but is {parameter.Value.Describe()}");
                    break;
            }
        }
        return builder.ToImmutable();
    }

    private Module? ResolveModule(string name, SourceLocation reference, string item)
    {
        if (!Names.IsValidName(name))
        {
            diagnostics.Error(reference, $"{item}: module name '{name}' is not allowed: {Names.NameRule}");
            return null;
        }
        if (_modules.TryGetValue(name, out var known)) return known;
        var moduleDirectory = Path.Combine(Path.GetFullPath(directory), name);
        Module? module = null;
        if (!Directory.Exists(moduleDirectory))
        {
            diagnostics.Error(reference,
                $"{item}: unknown module '{name}': no directory '{name}' in '{DisplayPath.Of(directory)}'");
        }
        else if (!File.Exists(Path.Combine(moduleDirectory, ManifestLoader.FileName)))
        {
            diagnostics.Error(reference,
                $"{item}: module '{name}' has no manifest: "
                    + $"'{DisplayPath.Of(Path.Combine(moduleDirectory, ManifestLoader.FileName))}' not found");
        }
        else
        {
            module = ManifestLoader.Load(moduleDirectory, name, diagnostics);
        }
        _modules[name] = module;
        return module;
    }
}
