using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>Reads a module directory's <c>manifest.json</c>: <c>{"synth": "csound", "main": "fm.csd", "module": "fm"}</c>.</summary>
internal static class ManifestLoader
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
        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
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
        var inputs = fields.OptionalWhole("inputs", 0, 64) ?? 1;
        var outputs = fields.OptionalWhole("outputs", 0, 64) ?? 1;
        var cores = fields.OptionalWhole("cores", 0, 1024) ?? 1;
        if (diagnostics.Items.Count(d => d.IsError) > errorsBefore) return null;
        return new Module(moduleName, engine!, main, inputs, outputs, cores, moduleDirectory, obj.Location);
    }

    private static void CheckMainFile(string moduleDirectory, string main, FieldReader fields, DiagnosticBag diagnostics)
    {
        var location = fields.LocationOf("main");
        var full = Path.GetFullPath(Path.Combine(moduleDirectory, main));
        var inside = full.StartsWith(Path.GetFullPath(moduleDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (Path.IsPathRooted(main) || !inside)
        {
            diagnostics.Error(location, $"{fields.Item}: main file '{main}' must be inside the module's directory");
        }
        else if (!File.Exists(full))
        {
            diagnostics.Error(location, $"{fields.Item}: main file '{main}' not found in '{DisplayPath.Of(moduleDirectory)}'");
        }
    }
}
