using System.Net;
using System.Net.Http.Headers;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// <c>orchestra serve</c> as a user starts it: where it listens, and the token when it listens beyond this computer.
/// </summary>
[Collection("cli")]
public sealed class ServeCommandTests : IDisposable
{
    private readonly OrchestraFiles _files = OrchestraFiles.Create();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task By_default_it_listens_on_loopback_only_and_needs_no_token()
    {
        using var serve = new ServeProcess(_files.Root, new Dictionary<string, string>(), "orch", "--port", "0");
        using var client = new HttpClient { BaseAddress = serve.BaseAddress };

        var orchestra = await client.GetAsync("/api/orchestra");

        Assert.StartsWith("http://127.0.0.1:", serve.Url);
        Assert.Null(serve.Token);
        Assert.Equal(HttpStatusCode.OK, orchestra.StatusCode);
    }

    [Fact]
    public async Task Beyond_loopback_it_prints_a_token_and_refuses_every_api_call_without_it()
    {
        using var serve = new ServeProcess(_files.Root, new Dictionary<string, string>(),
            "orch", "--port", "0", "--host", "0.0.0.0");
        using var client = new HttpClient { BaseAddress = serve.BaseAddress };

        var without = await client.GetAsync("/api/orchestra");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/orchestra");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serve.Token);
        var with = await client.SendAsync(request);

        Assert.StartsWith("http://0.0.0.0:", serve.Url);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", serve.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    /// <summary>
    /// The attack as it was found: a page of another site, its name rebound to this computer, reads the hosts file,
    /// saves a templated module's parameter that holds Csound code, and deploys; or simply posts plain text across
    /// origins. Each step is refused, on loopback and beyond it with the token, and nothing is saved or started.
    /// </summary>
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    public async Task A_page_of_another_site_cannot_drive_the_studio_even_by_rebinding_its_name(string address)
    {
        var dir = Path.Combine(_files.Root, "engines");
        OrchestraCli.CopyDirectory(Path.Combine(OrchestraCli.RepositoryRoot, "examples", "engines"), dir);
        var synthdef = File.ReadAllText(Path.Combine(dir, "synthdef.json"));
        using var serve = new ServeProcess(_files.Root, new Dictionary<string, string>(),
            "engines", "--port", "0", "--host", address);
        using var client = new HttpClient { BaseAddress = serve.BaseAddress };
        var rebound = $"rebind.evil.example:{serve.BaseAddress.Port}";
        HttpRequestMessage Request(HttpMethod method, string path, string? body, string type, string? host)
        {
            var request = new HttpRequestMessage(method, path)
                { Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, type) };
            request.Headers.Add("Origin", $"http://{host ?? "evil.example"}");
            if (host is not null) request.Headers.Host = host;
            if (serve.Token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serve.Token);
            return request;
        }
        const string Payload = """
            {"blocks": {"low": {"module": "sine",
                                "params": {"freq": "440, giSine\n ires system_i 1, \"id > /tmp/pwned\""}}},
             "connections": [{"source": "low", "sink": "DAC"}]}
            """;

        var hosts = await client.SendAsync(Request(HttpMethod.Get, "/api/hosts", null, "application/json", rebound));
        var save = await client.SendAsync(Request(HttpMethod.Put, "/api/orchestra", Payload, "application/json",
            rebound));
        var deploy = await client.SendAsync(Request(HttpMethod.Post, "/api/deploy", null, "application/json", rebound));
        var crossOrigin = await client.SendAsync(Request(HttpMethod.Post, "/api/deploy", "{}", "text/plain", null));
        var crossOriginSave = await client.SendAsync(Request(HttpMethod.Put, "/api/orchestra", Payload, "text/plain",
            null));
        var status = await client.SendAsync(Request(HttpMethod.Get, "/api/status", null, "application/json", null));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, hosts.StatusCode);
        Assert.DoesNotContain("identity", await hosts.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MisdirectedRequest, save.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, deploy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossOriginSave.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);   // nothing was deployed
        Assert.Equal(synthdef, File.ReadAllText(Path.Combine(dir, "synthdef.json")));
    }

    [Fact]
    public void A_host_that_is_not_an_address_is_refused()
    {
        var result = OrchestraCli.Run(_files.Root, "serve", "orch", "--host", "my laptop");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--host 'my laptop' is not an IP address", result.Stderr);
    }
}
