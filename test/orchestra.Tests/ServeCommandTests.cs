using System.Net;
using System.Net.Http.Headers;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Cli.Tests;

/// <summary><c>orchestra serve</c> as a user starts it: where it listens, and the token when it listens beyond this computer.</summary>
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
        using var serve = new ServeProcess(_files.Root, new Dictionary<string, string>(), "orch", "--port", "0", "--host", "0.0.0.0");
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

    [Fact]
    public void A_host_that_is_not_an_address_is_refused()
    {
        var result = OrchestraCli.Run(_files.Root, "serve", "orch", "--host", "my laptop");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--host 'my laptop' is not an IP address", result.Stderr);
    }
}
