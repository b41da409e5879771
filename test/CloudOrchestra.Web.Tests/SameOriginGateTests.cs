using System.Net;
using System.Text;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Web.Tests;

/// <summary>
/// Only the studio's own page drives it: other sites' pages, by cross-origin posts or by rebinding a name of theirs
/// here, cannot.
/// </summary>
public sealed class SameOriginGateTests : IDisposable
{
    private readonly OrchestraFiles _files = OrchestraFiles.Create();

    public void Dispose() => _files.Dispose();

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body = null,
        string type = "application/json", string? origin = null, string? host = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, type);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (host is not null) request.Headers.Host = host;
        return request;
    }

    [Fact]
    public async Task A_cross_origin_post_of_plain_text_is_refused_and_changes_nothing()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        var before = File.ReadAllText(_files.PathOf("synthdef.json"));

        var deploy = await client.SendAsync(Request(HttpMethod.Post, "/api/deploy", "{}", "text/plain",
            origin: "http://evil.example"));
        var teardown = await client.SendAsync(Request(HttpMethod.Post, "/api/teardown", origin: "http://evil.example"));
        var save = await client.SendAsync(Request(HttpMethod.Put, "/api/orchestra", OrchestraFiles.Synthdef,
            origin: "http://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, deploy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teardown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Contains("may not drive this studio", await deploy.Content.ReadAsStringAsync());
        Assert.Equal(before, File.ReadAllText(_files.PathOf("synthdef.json")));
    }

    [Fact]
    public async Task A_name_rebound_to_this_computer_gets_nothing_read_or_changed()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        const string Rebound = "rebind.evil.example:5794";

        var hosts = await client.SendAsync(Request(HttpMethod.Get, "/api/hosts", host: Rebound));
        var save = await client.SendAsync(Request(HttpMethod.Put, "/api/orchestra", OrchestraFiles.Synthdef,
            origin: $"http://{Rebound}", host: Rebound));
        var deploy = await client.SendAsync(Request(HttpMethod.Post, "/api/deploy",
            origin: $"http://{Rebound}", host: Rebound));
        var page = await client.SendAsync(Request(HttpMethod.Get, "/", host: Rebound));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, hosts.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, save.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, deploy.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, page.StatusCode);
        Assert.DoesNotContain("h1", await hosts.Content.ReadAsStringAsync());
        Assert.Contains("answers only to localhost and loopback addresses, not to 'rebind.evil.example:5794'",
            await hosts.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Its_own_page_and_tools_without_an_origin_are_served()
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();

        var own = await client.SendAsync(Request(HttpMethod.Put, "/api/orchestra", OrchestraFiles.Synthdef,
            origin: "http://localhost"));
        var loopback = await client.SendAsync(Request(HttpMethod.Post, "/api/plan", "{}",
            origin: "http://127.0.0.1:5170", host: "127.0.0.1:5170"));
        var tool = await client.SendAsync(Request(HttpMethod.Post, "/api/plan", "{}"));
        var ipv6 = await client.SendAsync(Request(HttpMethod.Get, "/api/orchestra", host: "[::1]:5170"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tool.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ipv6.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_a_form_could_send_is_refused_even_without_an_origin(string type)
    {
        await using var studio = new StudioFactory(_files.Directory);
        using var client = studio.CreateClient();
        var before = File.ReadAllText(_files.PathOf("synthdef.json"));
        var request = Request(HttpMethod.Put, "/api/orchestra",
            OrchestraFiles.Synthdef.Replace("\"lp\" }", "\"lp\", \"host\": \"h2\" }"));
        request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("the body must be JSON", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, File.ReadAllText(_files.PathOf("synthdef.json")));
    }

    [Fact]
    public async Task With_a_token_a_cross_origin_call_that_carries_it_is_still_refused()
    {
        await using var studio = new StudioFactory(_files.Directory, token: "s3cret-token");
        using var client = studio.CreateClient();
        var request = Request(HttpMethod.Post, "/api/teardown", origin: "http://evil.example");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-token");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_listening_socket_opened_by_another_sites_page_is_refused()
    {
        await using var studio = new StudioFactory(_files.Directory);
        var sockets = studio.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = r => r.Headers.Origin = "http://evil.example";

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            sockets.ConnectAsync(new Uri(studio.Server.BaseAddress, "/api/listen"), CancellationToken.None));
        sockets.ConfigureRequest = r => r.Headers.Origin = "http://localhost";
        // From its own page it gets past the gate, to the answer that nothing is up to hear.
        var past = await Assert.ThrowsAnyAsync<Exception>(() =>
            sockets.ConnectAsync(new Uri(studio.Server.BaseAddress, "/api/listen"), CancellationToken.None));

        Assert.Contains("403", refused.Message);
        Assert.Contains("409", past.Message);
    }
}
