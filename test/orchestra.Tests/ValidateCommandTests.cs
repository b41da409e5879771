using System.Text.Json;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Cli.Tests;

[Collection("cli")]
public sealed class ValidateCommandTests
{
    [Fact]
    public void Valid_orchestra_is_summarized()
    {
        using var files = OrchestraFiles.Create();

        var result = OrchestraCli.Run(files.Root, "validate", "orch");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("valid: orch/synthdef.json: 3 blocks, 2 connections, 2 modules; 2 machines in orch/hosts.json\n",
            result.Stdout);
    }

    [Fact]
    public void Json_lists_every_error_with_its_place()
    {
        using var files = OrchestraFiles.Create()
            .Write("synthdef.json", """{"blocks": {"fm": {"module": "fmx"}, "lp": {"module": "lp", "host": 3}}}""");

        var result = OrchestraCli.Run(files.Root, "validate", "orch", "--json");

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var errors = json.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(("orch/synthdef.json", 1, 30, "$.blocks.fm.module"), (errors[0].GetProperty("file").GetString(),
            errors[0].GetProperty("line").GetInt32(), errors[0].GetProperty("column").GetInt32(),
            errors[0].GetProperty("path").GetString()));
        Assert.Equal("block 'lp': 'host' must be a string, but is the number 3",
            errors[1].GetProperty("message").GetString());
    }

    [Fact]
    public void Without_hosts_only_the_synthdef_is_checked()
    {
        using var files = OrchestraFiles.Create().Delete("hosts.json");

        var result = OrchestraCli.Run(files.Root, "validate", "orch");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("; no hosts file\n", result.Stdout);
    }
}
