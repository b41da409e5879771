namespace CloudOrchestra.Testing;

/// <summary>
/// An orchestra written to a fresh temporary directory: <c>Root/orch</c> holds a valid synthdef with
/// modules <c>fm</c> (0 in, 1 out) and <c>lp</c> (1 in, 1 out) and a hosts file of two 2-core machines.
/// Tests overwrite or delete single files to break it in one place.
/// </summary>
public sealed class OrchestraFiles : IDisposable
{
    public const string Synthdef = """
        {
            "blocks": {
                "fm": { "module": "fm" },
                "lp": { "module": "lp" }
            },
            "connections": [
                { "source": "fm", "sink": "lp" },
                { "source": "lp", "sink": "DAC" }
            ]
        }
        """;

    public const string Hosts = """
        [
            { "name": "h1", "host": "10.77.0.11", "username": "music", "cores": 2 },
            { "name": "h2", "host": "10.77.0.12", "username": "music", "cores": 2 }
        ]
        """;

    public const string FmManifest = """{ "synth": "csound", "main": "fm.csd", "module": "fm", "inputs": 0 }""";

    public const string LpManifest = """{ "synth": "csound", "main": "lp.csd", "module": "lp" }""";

    private OrchestraFiles()
    {
        Root = System.IO.Directory.CreateTempSubdirectory("orchestra-test-").FullName;
        Write("synthdef.json", Synthdef);
        Write("hosts.json", Hosts);
        Write("fm/manifest.json", FmManifest);
        Write("fm/fm.csd", "<CsoundSynthesizer></CsoundSynthesizer>\n");
        Write("lp/manifest.json", LpManifest);
        Write("lp/lp.csd", "<CsoundSynthesizer></CsoundSynthesizer>\n");
    }

    /// <summary>The temporary directory; the orchestra is its <c>orch</c> subdirectory.</summary>
    public string Root { get; }

    public string Directory => Path.Combine(Root, "orch");

    public static OrchestraFiles Create() => new();

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public OrchestraFiles Write(string relative, string content)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r\n", "\n"));
        return this;
    }

    public OrchestraFiles Delete(string relative)
    {
        var path = PathOf(relative);
        if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, true);
        else File.Delete(path);
        return this;
    }

    public void Dispose() => System.IO.Directory.Delete(Root, true);
}
