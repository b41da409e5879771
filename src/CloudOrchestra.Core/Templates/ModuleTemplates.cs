using System.Text.RegularExpressions;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Loading;
using CloudOrchestra.Model;
using HandlebarsDotNet;

namespace CloudOrchestra.Templates;

/// <summary>
/// Where a block runs, for its templates: the machine's name and address, the block's OSC port there and the port of
/// that machine's node (on 127.0.0.1), the ports its machine reserved.
/// </summary>
public sealed record BlockPlace(string Machine, string Address, int OscPort, int NodePort);

/// <summary>
/// Templated modules (seed 001 §4.3): every file of the module but its manifest is a Handlebars template, rendered for
/// each block into its own directory. A template sees <c>block</c> (name, module, machine, address, oscPort),
/// <c>params</c> (the manifest's defaults, overridden by the block's), <c>node</c> (<c>port</c>: its machine's node,
/// where it sends <c>/OTHERBLOCK/...</c>), <c>blocks</c> (every block by name, with its machine, address and oscPort)
/// and <c>connections</c>. Naming anything else is an error.
/// </summary>
public static partial class ModuleTemplates
{
    /// <summary>The first port of the OSC ports blocks are given, one each, in synthdef order.</summary>
    public const int FirstOscPort = 57120;

    /// <summary>A place for a block not placed yet (checking templates; rendering one without a hosts file).</summary>
    public static readonly BlockPlace StandIn =
        new("(machine)", "0.0.0.0", FirstOscPort, Deployment.DeploymentPlanner.FirstNodePort + 1);

    private static readonly IHandlebars Handlebars = HandlebarsDotNet.Handlebars.Create(new HandlebarsConfiguration
    {
        ThrowOnUnresolvedBindingExpression = true,
        NoEscape = true,   // synth code, not HTML
    });

    /// <summary>
    /// The block's files, relative to the deployment's directory: the module's own, or its rendering.
    /// </summary>
    public static string DirectoryOf(Block block) =>
        block.Module.Templated ? $"modules/{block.Name}-{block.Module.Name}" : $"modules/{block.Module.Name}";

    /// <summary>The manifest's defaults, overridden by the block's own parameters.</summary>
    public static IReadOnlyDictionary<string, string> ParamsOf(Block block)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in block.Module.ParamDefaults ?? new Dictionary<string, string>())
            values[key] = value;
        foreach (var (key, value) in block.Parameters) values[key] = value;
        return values;
    }

    /// <summary>
    /// Every file of the block's module but its manifest, rendered: (path relative to the module, text).
    /// </summary>
    /// <exception cref="TemplateException">A template that does not render, located.</exception>
    public static IReadOnlyList<(string Path, string Text)> Render(Orchestra orchestra, Block block,
        Func<string, BlockPlace> placeOf)
    {
        var context = Context(orchestra, block, placeOf);
        var rendered = new List<(string, string)>();
        // Its files, and its links to files (inside the module, as loading checked); a link to a directory is staged as
        // a link.
        var files = ModuleFiles.Walk(block.Module.Directory!)
            .Where(e => e.Kind == ModuleEntryKind.File || (e.Kind == ModuleEntryKind.Link && File.Exists(e.Target)))
            .Select(e => e.RelativePath).Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            var file = Path.Combine(block.Module.Directory!, relative);
            if (relative == "manifest.json") continue;
            var text = File.ReadAllText(file);
            try
            {
                rendered.Add((relative, Handlebars.Compile(text)(context)));
            }
            catch (Exception e) when (e is not IOException and not TemplateException)
            {
                // Handlebars throws more than its own exception type (an undefined binding is not a
                // HandlebarsException).
                throw new TemplateException(Locate(file, text, e, block));
            }
        }
        return rendered;
    }

    /// <summary>
    /// Renders every templated block with stand-in places: what a template names that does not exist, located.
    /// </summary>
    public static IEnumerable<Diagnostic> Check(Orchestra orchestra)
    {
        var stand = StandIn;
        foreach (var block in orchestra.Blocks.Where(b => b.Module.Templated && b.Module.Directory is not null))
        {
            Diagnostic? problem = null;
            try
            {
                Render(orchestra, block, _ => stand);
            }
            catch (TemplateException e)
            {
                problem = e.Diagnostic;
            }
            if (problem is not null) yield return problem;
        }
    }

    private static Dictionary<string, object?> Context(Orchestra orchestra, Block block,
        Func<string, BlockPlace> placeOf)
    {
        var blocks = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < orchestra.Blocks.Length; i++)
        {
            var b = orchestra.Blocks[i];
            var place = placeOf(b.Name);
            blocks[b.Name] = new Dictionary<string, object?>
            {
                ["name"] = b.Name,
                ["module"] = b.Module.Name,
                ["machine"] = place.Machine,
                ["address"] = place.Address,
                ["oscPort"] = place.OscPort,
                ["params"] = ParamsOf(b).ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
            };
        }
        var self = (Dictionary<string, object?>)blocks[block.Name]!;
        return new Dictionary<string, object?>
        {
            ["block"] = self,
            ["params"] = self["params"],
            ["node"] = new Dictionary<string, object?> { ["port"] = placeOf(block.Name).NodePort },
            ["blocks"] = blocks,
            ["connections"] = orchestra.Connections.Select(c => (object?)new Dictionary<string, object?>
            {
                ["source"] = c.Source, ["sink"] = c.Sink, ["sourcePort"] = c.SourcePort, ["sinkPort"] = c.SinkPort,
                ["channels"] = c.Channels,
            }).ToList(),
        };
    }

    /// <summary>
    /// An error in a template, at the expression that names the unknown field (or where parsing stopped).
    /// </summary>
    private static Diagnostic Locate(string file, string text, Exception e, Block block)
    {
        var display = DisplayPath.Of(file);
        var (line, column) = (0, 0);   // the whole file, unless the expression is found
        string what;
        if (UndefinedPattern().Match(e.Message) is { Success: true } undefined)
        {
            var name = undefined.Groups["name"].Value;
            var at = Regex.Match(text, @"\{\{[^}]*\b" + Regex.Escape(name) + @"\b");
            if (at.Success) (line, column) = LineAndColumn(text, at.Index);
            what = $"'{name}' is not a field a template can use (block, params, blocks, connections; "
                + $"the module declares params {Declared(block)})";
        }
        else
        {
            if (OccurredPattern().Match(e.Message) is { Success: true } occurred)
            {
                (line, column) = (int.Parse(occurred.Groups["line"].Value) + 1,
                    int.Parse(occurred.Groups["column"].Value) + 1);
            }
            what = $"the template does not parse: {e.Message.Split('\n')[0].Trim()}";
        }
        return new Diagnostic(Severity.Error, new SourceLocation(display, line, column),
            $"block '{block.Name}': module '{block.Module.Name}': {what}");
    }

    private static string Declared(Block block) =>
        block.Module.ParamDefaults is { Count: > 0 } p ? string.Join(", ", p.Keys) : "none";

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var line = text[..index].Count(c => c == '\n') + 1;
        var start = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return (line, index - start + 1);
    }

    [GeneratedRegex(@"^(?<name>\S+) is undefined")]
    private static partial Regex UndefinedPattern();

    [GeneratedRegex(@"Occured at: ?(?<line>\d+):(?<column>\d+)")]
    private static partial Regex OccurredPattern();
}

/// <summary>A block's template does not render; the diagnostic says where and why.</summary>
public sealed class TemplateException(Diagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
