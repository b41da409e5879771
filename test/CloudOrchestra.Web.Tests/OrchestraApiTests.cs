using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Web.Tests;

/// <summary>
/// The studio's API over the same library as the CLI: the model, checked saves, plans, and the token.
/// </summary>
public sealed class OrchestraApiTests : IDisposable
{
    private readonly OrchestraFiles _files = OrchestraFiles.Create();

    public void Dispose() => _files.Dispose();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Get_orchestra_gives_the_model_as_loaded_and_the_module_palette()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();

        var response = await client.GetAsync("/api/orchestra");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal(["fm", "lp", "DAC"],
            body.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(["fm", "lp"],
            body.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(0, body.GetProperty("modules")[0].GetProperty("inputs").GetInt32());
        Assert.Equal(["h1", "h2"],
            body.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("name").GetString()));
        var toDac = body.GetProperty("connections")[1];
        Assert.Equal(("lp", "DAC", 1),
            (toDac.GetProperty("source").GetString(), toDac.GetProperty("sink").GetString(),
                toDac.GetProperty("channels").GetInt32()));
    }

    [Fact]
    public async Task Put_orchestra_saves_a_valid_synthdef()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        const string Edited =
            """{"blocks": {"tone": {"module": "fm"}}, "connections": [{"source": "tone", "sink": "DAC"}]}""";

        var response = await client.PutAsync("/api/orchestra",
            new StringContent(Edited, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Edited, File.ReadAllText(_files.PathOf("synthdef.json")));
        var reloaded = await Json(await client.GetAsync("/api/orchestra"));
        Assert.Equal(["tone", "DAC"],
            reloaded.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Put_orchestra_with_errors_answers_them_located_as_the_cli_does_and_saves_nothing()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        var before = File.ReadAllText(_files.PathOf("synthdef.json"));

        var response = await client.PutAsync("/api/orchestra", new StringContent("""
            {"blocks": {"fm": {"module": "fm"}, "x": {"module": "nope"}},
             "connections": [{"source": "fm", "sink": "ghost"}]}
            """, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await Json(response)).GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        var module = errors.Single(e => e.GetProperty("path").GetString() == "$.blocks.x.module");
        Assert.Equal(("error", 1, 53),
            (module.GetProperty("severity").GetString(), module.GetProperty("line").GetInt32(),
                module.GetProperty("column").GetInt32()));
        Assert.EndsWith("synthdef.json", module.GetProperty("file").GetString());
        Assert.StartsWith("block 'x': unknown module 'nope'", module.GetProperty("message").GetString());
        Assert.Contains(errors, e => e.GetProperty("path").GetString() == "$.connections[0].sink");
        Assert.Equal(before, File.ReadAllText(_files.PathOf("synthdef.json")));
    }

    [Fact]
    public async Task Post_plan_answers_the_plan_document_for_the_saved_synthdef_or_an_edited_one()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();

        var saved = await Json(await client.PostAsync("/api/plan", null));
        var edited = await Json(await client.PostAsync("/api/plan", new StringContent("""
            {"alpha": 3, "synthdef": {"blocks": {"a": {"module": "fm", "host": "h1"},
                                                 "b": {"module": "lp", "host": "h2"}},
                                      "connections": [{"source": "a", "sink": "b"}]}}
            """, Encoding.UTF8, "application/json")));

        Assert.Equal(["allocation", "cost", "optimal", "lowerBound", "gap", "hosts"],
            saved.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, saved.GetProperty("cost").GetProperty("total").GetDouble());
        Assert.True(saved.GetProperty("optimal").GetBoolean());
        Assert.Equal(("h1", "h2"),
            (edited.GetProperty("allocation").GetProperty("a").GetString(),
                edited.GetProperty("allocation").GetProperty("b").GetString()));
        Assert.Equal((3.0, 1),
            (edited.GetProperty("cost").GetProperty("alpha").GetDouble(),
                edited.GetProperty("cost").GetProperty("remoteLinks").GetInt32()));
    }

    [Fact]
    public async Task Put_hosts_saves_valid_machines_and_refuses_broken_ones_with_located_errors()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        var current = await Json(await client.GetAsync("/api/hosts"));
        Assert.Equal(_files.PathOf("hosts.json"), current.GetProperty("file").GetString());
        Assert.Equal(2, current.GetProperty("document").GetArrayLength());
        const string Three = """[{"name": "h1", "host": "10.0.0.1", "username": "m", "cores": 2}, """
            + """{"name": "h2", "host": "10.0.0.2", "username": "m", "cores": 2}, """
            + """{"name": "h3", "host": "10.0.0.3", "username": "m", "cores": 4}]""";
        const string Broken = """[{"name": "h1", "host": "10.0.0.1", "username": "m", "cores": "two"}]""";

        var saved = await client.PutAsync("/api/hosts", new StringContent(Three, Encoding.UTF8, "application/json"));
        var refused = await client.PutAsync("/api/hosts", new StringContent(Broken, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = (await Json(refused)).GetProperty("diagnostics")[0];
        Assert.Equal(("$[0].cores", 1), (error.GetProperty("path").GetString(), error.GetProperty("line").GetInt32()));
        Assert.Equal(Three, File.ReadAllText(_files.PathOf("hosts.json")));
        var model = await Json(await client.GetAsync("/api/orchestra"));
        Assert.Equal(["h1", "h2", "h3"],
            model.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task With_a_token_every_api_call_without_it_is_refused()
    {
        await using var studio = new StudioFactory(_files.Directory, token: "s3cret-token");
        using var client = studio.CreateClient();

        var none = await client.GetAsync("/api/orchestra");
        var wrong = await Send(client, HttpMethod.Get, "/api/orchestra", "Bearer s3cret-tokem");
        var plan = await client.PostAsync("/api/plan", null);
        var events = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        var right = await Send(client, HttpMethod.Get, "/api/orchestra", "Bearer s3cret-token");
        var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plan.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);   // the page holds no data; what it asks for needs the token
    }

    [Fact]
    public async Task With_a_token_the_listening_socket_needs_it_too()
    {
        await using var studio = new StudioFactory(_files.Directory, token: "s3cret-token");
        var sockets = studio.Server.CreateWebSocketClient();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            sockets.ConnectAsync(new Uri(studio.Server.BaseAddress, "/api/listen"), CancellationToken.None));
        sockets.SubProtocols.Add("bearer.s3cret-token");
        // With the token it gets past the gate, to the answer that nothing is up to hear.
        var past = await Assert.ThrowsAnyAsync<Exception>(() =>
            sockets.ConnectAsync(new Uri(studio.Server.BaseAddress, "/api/listen"), CancellationToken.None));

        Assert.Contains("401", refused.Message);
        Assert.Contains("409", past.Message);
    }

    [Fact]
    public async Task Status_of_an_orchestra_that_is_not_up_says_so()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();

        var response = await client.GetAsync("/api/status");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False((await Json(response)).GetProperty("up").GetBoolean());
    }

    [Fact]
    public async Task A_body_that_is_not_text_is_refused_located_never_with_a_server_error()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        byte[] notUtf8 = [.. "{\"blocks\": {\"fm\": {\"module\": \"fm"u8, 0xFF, .. "\"}}}"u8];
        const string HalfPair = """{"blocks": {"fm": {"module": "\ud800"}}}""";

        var save = await client.PutAsync("/api/orchestra",
            new ByteArrayContent(notUtf8) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        var hosts = await client.PutAsync("/api/hosts",
            new ByteArrayContent(notUtf8) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        var saveHalf = await client.PutAsync("/api/orchestra",
            new StringContent(HalfPair, Encoding.UTF8, "application/json"));
        var plan = await client.PostAsync("/api/plan",
            new StringContent($$"""{"synthdef": {{HalfPair}}}""", Encoding.UTF8, "application/json"));
        var planNotUtf8 = await client.PostAsync("/api/plan",
            new ByteArrayContent([.. "{\"synthdef\": "u8, .. notUtf8, .. "}"u8])
                { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, save.StatusCode);
        Assert.Contains("synthdef.json:1:33: error: the file is not UTF-8 text: byte 0xFF cannot be read",
            await save.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, hosts.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, saveHalf.StatusCode);
        Assert.Contains("half of a UTF-16 surrogate pair", await saveHalf.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plan.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, planNotUtf8.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path,
        string authorization)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return client.SendAsync(request);
    }
}
