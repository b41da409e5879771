using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CloudOrchestra.Web.Tests;

/// <summary>The studio in memory for one orchestra directory, optionally demanding a token.</summary>
internal sealed class StudioFactory(string directory, string? token = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orchestra:Directory", directory);
        if (token is not null) builder.UseSetting("Studio:Token", token);
    }
}
