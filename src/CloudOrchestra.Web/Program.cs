// The web studio on its own (`dotnet run`, and the tests' WebApplicationFactory); `orchestra serve` is the usual way.
var app = CloudOrchestra.Web.Studio.Build(args);
app.Run();

/// <summary>The entry point, named so that tests can host the studio in memory.</summary>
public partial class Program;
