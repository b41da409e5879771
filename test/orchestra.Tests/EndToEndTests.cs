using System.Text.Json;
using Xunit.Abstractions;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// What end-to-end tests on the local cloud share: a scratch directory, the real CLI run in it with the cloud's state
/// directory, deployments torn down afterwards, what the listener hears, and every process log of a failed test.
/// </summary>
public abstract class EndToEndTests(LocalCloudFixture cloud, ITestOutputHelper output) : IDisposable
{
    protected readonly string Root = Directory.CreateTempSubdirectory("orchestra-e2e-run-").FullName;
    private readonly List<string> _deployed = [];

    protected LocalCloudFixture Cloud => cloud;

    public void Dispose()
    {
        foreach (var dir in _deployed) Orchestra("down", dir);
        Directory.Delete(Root, true);
        GC.SuppressFinalize(this);
    }

    protected OrchestraCli.Result Orchestra(params string[] args) => OrchestraCli.Run(Root, cloud.Environment, args);

    /// <summary>Runs any program in the scratch directory, with the cloud's environment.</summary>
    protected OrchestraCli.Result Run(string program, params string[] args) =>
        OrchestraCli.RunProgram(program, Root, cloud.Environment, args);

    /// <summary>The orchestra will be torn down after the test, whatever happens.</summary>
    protected void Deployed(string dir) => _deployed.Add(dir);

    protected OrchestraCli.Result Up(string dir, params string[] more)
    {
        Deployed(dir);
        return Orchestra(["up", dir, .. more]);
    }

    /// <summary>Runs an end-to-end check; when it fails, every process log goes to the test output.</summary>
    protected void WithLogs(Action check)
    {
        try
        {
            check();
        }
        catch
        {
            output.WriteLine(cloud.Logs());
            throw;
        }
    }

    protected (double Hz, double Dbfs) Listen(string dir)
    {
        var wav = Path.Combine(Root, $"{dir}.wav");
        var listen = Orchestra("listen", dir, "--record", wav, "--seconds", "2", "--json");
        Assert.True(listen.ExitCode == 0, listen.ToString());
        using var json = JsonDocument.Parse(listen.Stdout);
        return (json.RootElement.GetProperty("dominantHz").GetDouble(),
            json.RootElement.GetProperty("rmsDbfs").GetDouble());
    }
}
