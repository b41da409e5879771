using System.Text.Json;

namespace CloudOrchestra.Cli.Tests;

[Collection("cli")]
public sealed class InitCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orchestra-init-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    [Fact]
    public void Init_writes_the_papers_example_which_validates_and_plans()
    {
        var init = OrchestraCli.Run(_root, "init", "demo");
        var plan = OrchestraCli.Run(_root, "plan", "demo", "--json");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(File.Exists(Path.Combine(_root, "demo", "fm", "fm.csd")));
        Assert.True(File.Exists(Path.Combine(_root, "demo", "lp", "lp.csd")));
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var json = JsonDocument.Parse(plan.Stdout);
        Assert.Equal(["fm", "lp", "adc", "lp2", "dac"],
            json.RootElement.GetProperty("allocation").EnumerateObject().Select(p => p.Name));
        var cost = json.RootElement.GetProperty("cost");
        Assert.Equal((0, 2), (cost.GetProperty("overflow").GetInt32(), cost.GetProperty("remoteLinks").GetInt32()));
        Assert.True(json.RootElement.GetProperty("optimal").GetBoolean());
    }

    [Fact]
    public void Init_refuses_a_directory_that_is_not_empty()
    {
        Directory.CreateDirectory(Path.Combine(_root, "taken"));
        File.WriteAllText(Path.Combine(_root, "taken", "notes.txt"), "mine");

        var result = OrchestraCli.Run(_root, "init", "taken");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("taken: error: the directory exists and is not empty; choose a new one\n", result.Stderr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_root, "taken", "notes.txt")));
    }
}
