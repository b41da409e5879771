using System.Text.Json;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Loading;
using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Web;

/// <summary>
/// The orchestra being edited: <c>GET /api/orchestra</c> (the model as loaded, with the module palette and any
/// findings), <c>PUT /api/orchestra</c> (a new synthdef: checked, then saved only if it is valid), and
/// <c>POST /api/plan</c> (the plan <c>orchestra plan --json</c> prints, for the saved synthdef or one being edited).
/// </summary>
internal static class OrchestraApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/orchestra", (StudioOptions options) =>
        {
            var result = OrchestraLoader.Load(options.Directory, options.HostsFile, requireHosts: false);
            return JsonAnswer.Of(w => WriteOrchestra(w, options, result));
        });

        app.MapPut("/api/orchestra", async (HttpRequest request, StudioOptions options) =>
        {
            var synthdef = await ReadBody(request);
            var result = OrchestraLoader.Load(options.Directory, options.HostsFile, requireHosts: false, synthdef);
            if (!result.Succeeded)
                return JsonAnswer.Of(w => WriteFindings(w, result.Diagnostics),
                    StatusCodes.Status422UnprocessableEntity);
            await SaveAsync(SynthdefPath(options), synthdef);
            return JsonAnswer.Of(w => WriteFindings(w, result.Diagnostics));
        });

        app.MapGet("/api/hosts", (StudioOptions options) =>
        {
            var path = HostsPath(options);
            var text = ReadText(path);
            System.Text.Json.Nodes.JsonNode? document;
            try
            {
                // As the loader reads it: comments and trailing commas allowed.
                document = text is not null
                    ? System.Text.Json.Nodes.JsonNode.Parse(text,
                        documentOptions: new() { CommentHandling = JsonCommentHandling.Skip,
                            AllowTrailingCommas = true })
                    : new System.Text.Json.Nodes.JsonObject { ["hosts"] = new System.Text.Json.Nodes.JsonArray() };
            }
            catch (JsonException e)
            {
                return Results.UnprocessableEntity(
                    new { file = path, error = $"the hosts file is not JSON: {e.Message}" });
            }
            // The text too, for the page to write its edits into as the file is written.
            return Results.Json(new { file = path, document, text });
        });

        app.MapPut("/api/hosts", async (HttpRequest request, StudioOptions options) =>
        {
            var content = await ReadBody(request);
            var path = HostsPath(options);
            var (machines, diagnostics) = OrchestraLoader.CheckMachines(path, content);
            if (machines is null)
                return JsonAnswer.Of(w => WriteFindings(w, diagnostics), StatusCodes.Status422UnprocessableEntity);
            await SaveAsync(path, content);
            return JsonAnswer.Of(w => WriteFindings(w, diagnostics));
        });

        app.MapPost("/api/plan", async (HttpRequest request, StudioOptions options) =>
        {
            var overrides = await PlanRequest.Read(request);
            if (overrides.Problem is { } problem) return Results.BadRequest(new { error = problem });
            var result = OrchestraLoader.Load(options.Directory, options.HostsFile, requireHosts: true,
                overrides.Synthdef);
            if (!result.Succeeded)
                return JsonAnswer.Of(w => WriteFindings(w, Renamed(result.Diagnostics, options, overrides.File)),
                    StatusCodes.Status422UnprocessableEntity);
            var placement = Optimizer.Place(result.Orchestra!, result.Resources!,
                new PlacementOptions(overrides.Alpha, overrides.TimeLimit));
            return JsonAnswer.Of(w => PlanJson.Write(w, result.Orchestra!, result.Resources!, placement));
        });
    }

    /// <summary>
    /// The hosts file the studio edits: the one it was given, else the orchestra's own (hosts.json by default).
    /// </summary>
    private static string HostsPath(StudioOptions options) =>
        OrchestraLoader.FindHostsFile(options.Directory, options.HostsFile)
            ?? Path.Combine(options.Directory, "hosts.json");

    private static string SynthdefPath(StudioOptions options) => Path.Combine(options.Directory, "synthdef.json");

    /// <summary>
    /// Findings in a synthdef the page opened from a file of its own, named by that file: the lines and columns are
    /// that file's (the page sends its text as it is).
    /// </summary>
    private static IEnumerable<Diagnostic> Renamed(IEnumerable<Diagnostic> diagnostics, StudioOptions options,
        string? file)
    {
        var synthdef = DisplayPath.Of(SynthdefPath(options));
        return file is null
            ? diagnostics
            : diagnostics.Select(d => d.Location.File == synthdef
                ? d with { Location = d.Location with { File = file } }
                : d);
    }

    /// <summary>Written beside, then renamed over the file: a reader never sees half of it.</summary>
    private static async Task SaveAsync(string path, byte[] content)
    {
        await File.WriteAllBytesAsync(path + ".saving", content);
        File.Move(path + ".saving", path, overwrite: true);
    }

    private static async Task<byte[]> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static void WriteFindings(Utf8JsonWriter w, IEnumerable<Diagnostic> diagnostics)
    {
        w.WriteStartObject();
        DiagnosticJson.Write(w, "diagnostics", diagnostics);
        w.WriteEndObject();
    }

    private static void WriteOrchestra(Utf8JsonWriter w, StudioOptions options, LoadResult result)
    {
        w.WriteStartObject();
        w.WriteString("directory", options.Directory);
        WriteSynthdefText(w, options);
        // The loader's rules for a block's name, so that the page refuses a name as the loader would.
        w.WriteStartObject("names");
        w.WriteString("pattern", Names.NamePatternText);
        w.WriteString("rule", Names.NameRule);
        w.WriteString("reserved", Names.ReservedPatternText);
        w.WriteString("reservedRule", Names.ReservedRule);
        w.WriteEndObject();
        w.WriteBoolean("valid", result.Succeeded);
        DiagnosticJson.Write(w, "diagnostics", result.Diagnostics);
        w.WriteStartArray("modules");
        foreach (var m in OrchestraLoader.Modules(options.Directory)) WriteModule(w, m);
        w.WriteEndArray();
        if (result.Orchestra is { } orchestra)
        {
            w.WriteStartArray("blocks");
            foreach (var b in orchestra.Blocks)
            {
                w.WriteStartObject();
                w.WriteString("name", b.Name);
                w.WriteString("module", b.Module.Name);
                if (b.Pin is { } pin) w.WriteString("host", pin.Host);
                else w.WriteNull("host");
                w.WriteStartObject("params");
                foreach (var (key, value) in b.Parameters) w.WriteString(key, value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("connections");
            foreach (var c in orchestra.Connections)
            {
                w.WriteStartObject();
                w.WriteString("source", c.Source);
                w.WriteString("sink", c.Sink);
                w.WriteNumber("sourcePort", c.SourcePort);
                w.WriteNumber("sinkPort", c.SinkPort);
                w.WriteNumber("channels", c.Channels);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("aliases");
            foreach (var a in orchestra.HostAliases) w.WriteStringValue(a);
            w.WriteEndArray();
        }
        w.WriteStartArray("hosts");
        foreach (var h in (result.Resources ?? OrchestraLoader.Machines(options.Directory, options.HostsFile))?.Hosts
            ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", h.Name);
            w.WriteString("address", h.Address);
            w.WriteString("user", h.User);
            w.WriteNumber("cores", h.Cores);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The synthdef's text as it is on disk (null when there is none): the page edits the file itself, so that what it
    /// checks and saves is located as the file is, keeps what the page does not show, and a broken file is still shown.
    /// </summary>
    private static void WriteSynthdefText(Utf8JsonWriter w, StudioOptions options)
    {
        var path = SynthdefPath(options);
        w.WriteStartObject("synthdef");
        w.WriteString("file", DisplayPath.Of(path));
        if (ReadText(path) is { } text) w.WriteString("text", text);
        else w.WriteNull("text");
        w.WriteEndObject();
    }

    /// <summary>A file's text; null when there is none or it cannot be read (the loader's findings say why).</summary>
    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteModule(Utf8JsonWriter w, Module m)
    {
        w.WriteStartObject();
        w.WriteString("name", m.Name);
        w.WriteString("synth", m.Engine);
        w.WriteNumber("inputs", m.Inputs);
        w.WriteNumber("outputs", m.Outputs);
        w.WriteNumber("cores", m.Cores);
        w.WriteEndObject();
    }
}

/// <summary>
/// The optional body of <c>POST /api/plan</c>: <c>{"alpha": 5, "timeLimit": 2, "synthdef": {...}}</c>, and
/// <c>"file": "mine.json"</c>, the name of the file the synthdef was opened from, for its findings.
/// </summary>
internal sealed record PlanRequest(double? Alpha, TimeSpan? TimeLimit, byte[]? Synthdef, string? Problem,
    string? File = null)
{
    private const string Shape =
        "the body must be an object such as {\"alpha\": 5, \"timeLimit\": 2, \"synthdef\": {...}}";

    public static async Task<PlanRequest> Read(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
            return new(null, null, null, null);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        try
        {
            return Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            return new(null, null, null, $"the body is not JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The top level read here; the synthdef passed on byte for byte as written, for the loader to check and locate.
    /// </summary>
    private static PlanRequest Parse(byte[] body)
    {
        var reader = new Utf8JsonReader(body,
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return new(null, null, null, Shape);
        double? alpha = null;
        TimeSpan? limit = null;
        byte[]? synthdef = null;
        string? file = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("alpha"u8)
                ? "alpha"
                : reader.ValueTextEquals("timeLimit"u8)
                ? "timeLimit"
                : reader.ValueTextEquals("synthdef"u8)
                ? "synthdef"
                : reader.ValueTextEquals("file"u8)
                ? "file"
                : null;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            var number = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : (double?)null;
            if (name == "file" && reader.TokenType == JsonTokenType.String) file = FileName(ref reader);
            reader.Skip();
            if (name == "alpha") alpha = number;
            else if (name == "timeLimit" && number is { } seconds)
                limit = TimeSpan.FromSeconds(Math.Clamp(seconds, 0.01, 60));
            else if (name == "synthdef") synthdef = body[start..(int)reader.BytesConsumed];
        }
        if (alpha is <= 0) return new(null, null, null, "alpha must be more than 0");
        return new(alpha, limit, synthdef, null, file);
    }

    /// <summary>
    /// A name for messages: on one line, and none at all when it is not text (half a surrogate pair).
    /// </summary>
    private static string? FileName(ref Utf8JsonReader reader)
    {
        try
        {
            return Names.Printable(reader.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
