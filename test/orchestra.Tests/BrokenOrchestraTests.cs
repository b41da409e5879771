using CloudOrchestra.Testing;

namespace CloudOrchestra.Cli.Tests;

/// <summary>
/// Broken orchestras, each broken in one place: <c>orchestra plan</c> exits 2 and prints exactly one
/// error naming the file, the line and column of the offending text, the item and the JSON path.
/// </summary>
[Collection("cli")]
public sealed class BrokenOrchestraTests
{
    public sealed record Case(string Name, Action<OrchestraFiles> Break, string Expected)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// Writes <paramref name="content"/> to the orchestra's <paramref name="file"/>; the error is expected where
    /// <paramref name="token"/> stands.
    /// </summary>
    private static Case At(string name, string file, string content, string token, string message,
        int occurrence = 1) =>
        new(name, files => files.Write(file, content),
            $"{Locate(file, content, token, occurrence)}: error: {message}");

    private static string Locate(string file, string content, string token, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++) index = content.IndexOf(token, index + 1, StringComparison.Ordinal);
        if (index < 0) throw new ArgumentException($"'{token}' not in {file}");
        var line = content[..index].Count(c => c == '\n') + 1;
        var column = index - (index == 0 ? 0 : content.LastIndexOf('\n', index - 1) + 1) + 1;
        return $"orch/{file}:{line}:{column}";
    }

    private const string TwoBlocks =
        """{"blocks": {"fm": {"module": "fm"}, "lp": {"module": "lp"}}, "connections": [""";
    private const string Host = """{"name": "h1", "host": "10.77.0.11", "username": "music", "cores": 2""";
    private const string NameRule =
        "names must start with a letter and hold only letters, digits, '_' and '-', at most 63 characters";

    public static readonly TheoryData<Case> Cases =
    [
        At("malformed JSON", "synthdef.json", """{"blocks": {"fm" {"module": "fm"}}}""", """{"module""",
            "malformed JSON: '{' is invalid after a property name. Expected a ':'."),
        At("malformed manifest", "fm/manifest.json", """{ "synth": "csound" "main": "fm.csd" }""", "\"main\"",
            "malformed JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'."),
        At("wrong type", "hosts.json", $$"""[{{Host[..^12]}}, "cores": "two"}]""", "\"two\"",
            "host 'h1': 'cores' must be a whole number, but is the string \"two\" ($[0].cores)"),
        At("missing required field", "hosts.json", """[{"name": "h1", "host": "10.77.0.11", "cores": 2}]""", "{",
            "host 'h1' has no 'username' ($[0])"),
        At("unknown module", "synthdef.json", """{"blocks": {"fm": {"module": "fmx"}}}""", "\"fmx\"",
            "block 'fm': unknown module 'fmx': no directory 'fmx' in 'orch' ($.blocks.fm.module)"),
        new("missing manifest", files => files.Delete("lp/manifest.json"),
            $"{Locate("synthdef.json", OrchestraFiles.Synthdef, "\"lp\" }")}: error: block 'lp': module 'lp' "
            + $"has no manifest: 'orch/lp/manifest.json' not found ($.blocks.lp.module)"),
        new("missing main file", files => files.Delete("fm/fm.csd"),
            $"{Locate("fm/manifest.json", OrchestraFiles.FmManifest, "\"fm.csd\"")}: error: module 'fm': "
            + $"main file 'fm.csd' not found in 'orch/fm' ($.main)"),
        At("unknown synth engine", "fm/manifest.json", """{ "synth": "csoundx", "main": "fm.csd" }""", "\"csoundx\"",
            "module 'fm': unknown synth engine 'csoundx'; "
            + "known engines: csound, supercollider, pd, chuck, command ($.synth)"),
        At("command module without a command", "fm/manifest.json",
            """{ "synth": "command", "ports": {"outputs": ["{block}:out"]} }""", "{ \"synth",
            "module 'fm': a command module needs 'command': the program and its arguments, "
            + "such as [\"my-synth\", \"--name\", \"{block}\"]"),
        At("command module whose port count disagrees", "fm/manifest.json",
            """{ "synth": "command", "command": ["tone"], "outputs": 2,"""
            + """ "ports": {"outputs": ["{block}:out"]} }""", "2,",
            "module 'fm': 'outputs' says 2, but 'ports' names 1 output ports ($.outputs)"),
        At("command module with a port that is no port", "fm/manifest.json",
            """{ "synth": "command", "command": ["tone"], "ports": {"outputs": ["out; rm"]} }""", "\"out;",
            "module 'fm': JACK port 'out; rm' is not allowed: write CLIENT:PORT, such as \"{block}:out_1\" "
            + "(letters, digits, '_', '-', '.', ' ') ($.ports.outputs[0])"),
        At("command that starts like an option", "fm/manifest.json",
            """{ "synth": "command", "command": ["-x", "tone"], "ports": {"outputs": ["{block}:out"]} }""", "\"-x",
            "module 'fm': the program in 'command' must not begin with '-' ($.command[0])"),
        At("control with an unknown delivery", "fm/manifest.json",
            """{ "synth": "csound", "main": "fm.csd","""
            + """ "controls": {"/freq": {"type": "f", "delivery": "shotgun"}} }""", "\"shotgun",
            "module 'fm': control '/freq': 'delivery' must be one of fast, reliable, ordered, latest, but is 'shotgun' "
            + "($.controls['/freq'].delivery)"),
        At("control whose type is no OSC type", "fm/manifest.json",
            """{ "synth": "csound", "main": "fm.csd", "controls": {"/freq": {"type": "float"}} }""", "\"float",
            "module 'fm': control '/freq': 'type' must be OSC type tags such as \"f\" or \"ii\" (of ifsbhdtcmrTFNIS), "
            + "but is 'float' ($.controls['/freq'].type)"),
        At("control whose address is no OSC address", "fm/manifest.json",
            """{ "synth": "csound", "main": "fm.csd", "controls": {"freq": {"type": "f"}} }""", "\"freq",
            "module 'fm': control 'freq': an OSC address is '/' and a name, such as \"/freq\" "
            + "(letters, digits and _ - . / ; no spaces, no '#*,?[]{}') ($.controls.freq)"),
        new("ChucK main file whose name ChucK would split", files => files
                .Write("fm/manifest.json", """{ "synth": "chuck", "main": "tone:2.ck" }""")
                .Write("fm/tone:2.ck", "SinOsc s => dac;\n"),
            $"{Locate("fm/manifest.json", """{ "synth": "chuck", "main": "tone:2.ck" }""", "\"tone:")}: error: "
            + $"module 'fm': a ChucK main file's name must not contain ':' "
            + $"(ChucK would read what follows as arguments): 'tone:2.ck' ($.main)"),
        new("template naming an unknown field", files => files
                .Write("fm/manifest.json", """{ "synth": "csound", "main": "fm.csd", "inputs": 0,"""
                    + """ "templated": true, "params": {"freq": 440} }""")
                .Write("fm/fm.csd", "<CsoundSynthesizer>\n; {{block.name}}\n"
                    + "  aout oscili 0.2, {{params.fraq}}\n</CsoundSynthesizer>\n"),
            "orch/fm/fm.csd:3:20: error: block 'fm': module 'fm': 'fraq' is not a field a template can use "
            + "(block, params, blocks, connections; the module declares params freq)"),
        new("template that does not parse", files => files
                .Write("fm/manifest.json",
                    """{ "synth": "csound", "main": "fm.csd", "inputs": 0, "templated": true }""")
                .Write("fm/fm.csd", "<CsoundSynthesizer>\n  aout oscili 0.2, {{block.name\n</CsoundSynthesizer>\n"),
            "orch/fm/fm.csd: error: block 'fm': module 'fm': the template does not parse: "
            + "Token '' could not be converted to an expression"),
        At("manifest names another module", "fm/manifest.json",
            """{ "synth": "csound", "main": "fm.csd", "module": "fmx" }""", "\"fmx\"",
            "module 'fm': the manifest names the module 'fmx', but its directory is 'fm' ($.module)"),
        At("main file outside the module", "fm/manifest.json",
            """{ "synth": "csound", "main": "../../etc/passwd" }""", "\"../",
            "module 'fm': main file '../../etc/passwd' must be inside the module's directory ($.main)"),
        At("negative cores", "lp/manifest.json", """{ "synth": "csound", "main": "lp.csd", "cores": -1 }""", "-1",
            "module 'lp': 'cores' must be from 0 to 1024, but is -1 ($.cores)"),
        At("duplicate block", "synthdef.json",
            """{"blocks": {"fm": {"module": "fm"}, "fm": {"module": "lp"}}}""", "\"fm\"",
            "block 'fm' is declared twice (first at line 1) ($.blocks.fm)", occurrence: 3),
        At("duplicate host", "hosts.json", $"[{Host}}}, {Host}}}]", "{",
            "host 'h1' is listed twice (first at line 1) ($[1])", occurrence: 2),
        At("connection to an unknown block", "synthdef.json",
            TwoBlocks + """{"source": "fm", "sink": "lpx"}]}""", "\"lpx\"",
            "connection fm → lpx: unknown block 'lpx' ($.connections[0].sink)"),
        At("connection without a sink", "synthdef.json", TwoBlocks + """{"source": "fm"}]}""", """{"source""",
            "connection 1 has no 'sink' ($.connections[0])"),
        At("DAC as a source", "synthdef.json", TwoBlocks + """{"source": "DAC", "sink": "lp"}]}""", "\"DAC\"",
            "connection DAC → lp: unknown block 'DAC' ('DAC' can only be a connection's sink) "
            + "($.connections[0].source)"),
        At("port out of range", "synthdef.json",
            TwoBlocks + """{"source": "fm", "sink": "lp", "sinkPort": 2}]}""", "2}",
            "connection fm → lp: 'sinkPort' 2 is out of range: block 'lp' (lp) has 1 input "
            + "($.connections[0].sinkPort)"),
        At("duplicate connection", "synthdef.json",
            TwoBlocks + """{"source": "fm", "sink": "lp"}, {"source": "fm", "sink": "lp"}]}""", """{"source""",
            "connection fm → lp is listed twice (first at line 1) ($.connections[1])", occurrence: 2),
        At("pinned to an unknown host", "synthdef.json",
            """{"blocks": {"fm": {"module": "fm", "host": "h9"}}}""", "\"h9\"",
            "block 'fm': host 'h9' is neither a host alias of the synthdef nor a machine in 'orch/hosts.json' "
            + "($.blocks.fm.host)"),
        At("more aliases than machines", "synthdef.json",
            """{"hosts": {"a": {}, "b": {}, "c": {}}, "blocks": {"x": {"module": "fm", "host": "a"},"""
            + """ "y": {"module": "lp", "host": "b"}, "z": {"module": "lp", "host": "c"}}}""", "\"c\"}",
            "the synthdef uses 3 host aliases (a, b, c) but 'orch/hosts.json' lists only 2 machines: distinct aliases "
            + "need distinct machines ($.blocks.z.host)"),
        At("no blocks", "synthdef.json", """{"blocks": {}}""", "{}",
            "the synthdef has no blocks: declare at least one under 'blocks' ($.blocks)"),
        At("blocks not an object", "synthdef.json", """{"blocks": ["fm"]}""", "[",
            "the synthdef: 'blocks' must be an object, but is an array ($.blocks)"),
        new("no synthdef", files => files.Delete("synthdef.json"),
            "orch/synthdef.json: error: no synthdef.json in 'orch'"),
        new("no hosts file", files => files.Delete("hosts.json"),
            "orch: error: no hosts file: "
            + "pass --hosts FILE, or put hosts.json or slaves.json in the orchestra's directory"),
        At("no machines", "hosts.json", "[]", "[", "the hosts file lists no machines"),
        At("block name with a space", "synthdef.json", """{"blocks": {"fm 1": {"module": "fm"}}}""", "\"fm 1\"",
            $"block name 'fm 1' is not allowed: {NameRule} ($.blocks['fm 1'])"),
        At("module name that leaves the directory", "synthdef.json",
            """{"blocks": {"fm": {"module": "../lp"}}}""", "\"../lp\"",
            $"block 'fm': module name '../lp' is not allowed: {NameRule} ($.blocks.fm.module)"),
        At("address that reads as an ssh option", "hosts.json",
            """[{"name": "h1", "host": "-oProxyCommand=touch /tmp/x", "username": "music", "cores": 2}]""", "\"-o",
            "host 'h1': address '-oProxyCommand=touch /tmp/x' is not a hostname or IP address ($[0].host)"),
        At("shell characters in a user name", "hosts.json",
            """[{"name": "h1", "host": "10.77.0.11", "username": "music;reboot", "cores": 2}]""", "\"music;",
            "host 'h1': user name 'music;reboot' is not allowed: a user name starts with a letter or '_' and holds "
            + "only letters, digits, '_', '.' and '-' ($[0].username)"),
        At("machine without cores", "hosts.json", $$"""[{{Host[..^12]}}, "cores": 0}]""", "0}",
            "host 'h1': 'cores' must be from 1 to 4096, but is 0 ($[0].cores)"),
        At("synthdef not an object", "synthdef.json", "[1]", "[",
            "the synthdef must be a JSON object, but is an array"),
        At("manifest not an object", "lp/manifest.json", "\"csound\"", "\"",
            "module 'lp': the manifest must be a JSON object, but is the string \"csound\""),
        At("hosts file not a list", "hosts.json", "{\"machines\": []}", "{",
            "the hosts file must be an array of machines (or an object with a 'hosts' array), but is an object"),
        At("content after the document", "synthdef.json", "{\"blocks\": {\"fm\": {\"module\": \"fm\"}}} {}", "{}",
            "malformed JSON: '{' is invalid after a single JSON value. Expected end of data."),
        At("block not an object", "synthdef.json", """{"blocks": {"fm": "fm"}}""", "\"fm\"}",
            "block 'fm' must be an object such as {\"module\": \"fm\"}, but is the string \"fm\" ($.blocks.fm)"),
        At("block without a module", "synthdef.json", """{"blocks": {"fm": {"host": "h1"}}}""", "{\"host",
            "block 'fm' has no 'module' ($.blocks.fm)"),
        At("alias name with a slash", "synthdef.json",
            """{"hosts": {"a/b": {}}, "blocks": {"fm": {"module": "fm"}}}""", "\"a/b\"",
            $"host alias name 'a/b' is not allowed: {NameRule} ($.hosts['a/b'])"),
        At("parameter that is an object", "synthdef.json",
            """{"blocks": {"fm": {"module": "fm", "params": {"freq": {"hz": 440}}}}}""", "{\"hz",
            "block 'fm': parameter 'freq' must be a string, number or boolean, but is an object "
            + "($.blocks.fm.params.freq)"),
        At("connection into the ADC", "synthdef.json",
            """{"blocks": {"fm": {"module": "fm"}, "mic": {"module": "ADC"}},"""
            + """ "connections": [{"source": "fm", "sink": "mic"}]}""", "\"mic\"}",
            "connection fm → mic: block 'mic' (ADC) has no inputs ($.connections[0].sink)"),
        At("too many channels", "synthdef.json",
            TwoBlocks + """{"source": "fm", "sink": "lp", "channels": 2}]}""", "2}",
            "connection fm → lp: 2 channels do not fit: 'fm' has 1 outputs from port 1 and 'lp' 1 inputs from port 1 "
            + "($.connections[0].channels)"),
        At("connection that is not an object", "synthdef.json", TwoBlocks + "\"fm->lp\"]}", "\"fm->",
            "connection 1 must be an object such as {\"source\": \"fm\", \"sink\": \"lp\"}, but is the string "
            + "\"fm->lp\" ($.connections[0])"),
        At("machine that is not an object", "hosts.json", "[\"h1\"]", "\"h1",
            "machine 1 must be an object such as "
            + "{\"name\": \"h1\", \"host\": \"10.0.0.2\", \"username\": \"music\", \"cores\": 2}, "
            + "but is the string \"h1\" ($[0])"),
        At("host name with a dot", "hosts.json", $$"""[{"name": "h.1", {{Host[15..]}}}]""", "\"h.1",
            $"host name 'h.1' is not allowed: {NameRule} ($[0].name)"),
        At("missing identity file", "hosts.json", $$"""[{{Host}}, "identity": "keys/id_missing"}]""", "\"keys",
            "host 'h1': identity file 'keys/id_missing' not found ($[0].identity)"),
        At("JACK driver with an option in it", "hosts.json",
            $$$"""[{{{Host}}}, "jack": {"driver": "dummy -X"}}]""", "\"dummy",
            "host 'h1': JACK driver 'dummy -X' is not allowed: use a driver name such as dummy or alsa "
            + "($[0].jack.driver)"),
        At("JACK device with a shell character", "hosts.json",
            $$$"""[{{{Host}}}, "jack": {"driver": "alsa", "device": "hw:0;ls"}}]""", "\"hw:",
            "host 'h1': JACK device 'hw:0;ls' is not allowed: use a name such as hw:0 or hw:USB,0 ($[0].jack.device)"),
        At("listener that is not an object", "hosts.json",
            $$"""{"hosts": [{{Host}}}], "listener": "alsa"}""", "\"alsa\"}",
            "'listener' must be an object such as {\"jack\": {\"driver\": \"alsa\"}}, but is the string \"alsa\" "
            + "($.listener)"),
        At("listener JACK driver with an option in it", "hosts.json",
            $$"""{"hosts": [{{Host}}}], "listener": {"jack": {"driver": "alsa -P"} } }""", "\"alsa -P",
            "the listener: JACK driver 'alsa -P' is not allowed: use a driver name such as dummy or alsa "
            + "($.listener.jack.driver)"),
        At("OSC beyond loopback without the networks it takes it from", "hosts.json",
            $$"""{"hosts": [{{Host}}}], "listener": {"osc": {"address": "0.0.0.0"} } }""", "\"0.0.0.0",
            "the listener's osc: address 0.0.0.0 takes OSC from beyond this computer: say from which networks in "
            + "'allow' (such as [\"192.168.1.0/24\"]) ($.listener.osc.address)"),
        At("ssh port out of range", "hosts.json", $$"""[{{Host}}, "port": 70000}]""", "70000",
            "host 'h1': 'port' must be from 1 to 65535, but is 70000 ($[0].port)"),
        new("bytes that are not UTF-8", files => File.WriteAllBytes(files.PathOf("synthdef.json"),
                [.. "{\"blocks\": {\"fm\": {\"module\": \"fm"u8, 0xFF, .. "\"}}}"u8]),
            "orch/synthdef.json:1:33: error: the file is not UTF-8 text: byte 0xFF cannot be read (save it as UTF-8)"),
        At("half a surrogate pair", "synthdef.json", """{"blocks": {"fm": {"module": "\ud800"}}}""", "\"\\ud800",
            "a string holds half of a UTF-16 surrogate pair (such as \\ud800 alone), which is no character: write the "
            + "character itself ($.blocks.fm.module)"),
        At("NUL in a main file's name", "fm/manifest.json",
            """{ "synth": "csound", "main": "fm\u0000.csd" }""", "\"fm\\u",
            "module 'fm': main file 'fm\\0.csd' holds a control character (such as a newline or NUL), which no file "
            + "name may ($.main)"),
        At("identity file whose name carries ssh settings", "hosts.json",
            $$"""[{{Host}}, "identity": "k\"\n  ProxyCommand sh -c \"touch PWNED; exec nc %h %p\"\n#"}]""", "\"k\\",
            "host 'h1': identity file 'k\"\\n  ProxyCommand sh -c \"touch PWNED; exec nc %h %p\"\\n#' is not allowed: "
            + "a path for ssh must not be empty or hold a control character (such as a newline) ($[0].identity)"),
        At("block named as the deployment's jackd", "synthdef.json",
            """{"blocks": {"jackd": {"module": "fm"}}}""", "\"jackd\"",
            $"block name 'jackd' is reserved: {Reserved} ($.blocks.jackd)"),
        At("block named as a link", "synthdef.json", """{"blocks": {"link1": {"module": "fm"}}}""", "\"link1\"",
            $"block name 'link1' is reserved: {Reserved} ($.blocks.link1)"),
        At("IPv6 address with an odd scope", "hosts.json",
            """[{"name": "h1", "host": "fe80::1%eth0 -F/tmp/x", "username": "music", "cores": 2}]""", "\"fe80",
            "host 'h1': address 'fe80::1%eth0 -F/tmp/x' is not a hostname or IP address ($[0].host)"),
        new("module file that links outside the module",
            files => File.CreateSymbolicLink(files.PathOf("fm/shadow"), "/etc/shadow"),
            "orch/fm/shadow: error: module 'fm': 'shadow' is a symbolic link to '/etc/shadow', "
            + "outside the module's directory: only the module's own files may be copied to its machines"),
        new("module directory that links to its parent", files => File.CreateSymbolicLink(files.PathOf("fm/up"), ".."),
            "orch/fm/up: error: module 'fm': 'up' is a symbolic link to '..', "
            + "outside the module's directory: only the module's own files may be copied to its machines"),
        new("dangling link in a module", files => File.CreateSymbolicLink(files.PathOf("fm/gone.csd"), "nowhere.csd"),
            "orch/fm/gone.csd: error: module 'fm': 'gone.csd' is a symbolic link to 'nowhere.csd', "
            + "which does not exist"),
        new("link that loops", files => File.CreateSymbolicLink(files.PathOf("fm/loop"), "loop"),
            "orch/fm/loop: error: module 'fm': 'loop' is a symbolic link that never ends (a loop of links)"),
    ];

    private const string Reserved = "the deployment's own processes and JACK clients are named jackd, system, "
        + "orchestra-node, link1, link2, ..., listen-BLOCK, listen1, ... and BLOCK-ready1, ...";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Broken_orchestra_gives_one_located_named_error_and_exit_2(Case broken)
    {
        using var files = OrchestraFiles.Create();
        broken.Break(files);

        var result = OrchestraCli.Run(files.Root, "plan", "orch");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal([broken.Expected], result.StderrLines);
    }

    /// <summary>
    /// The hosts file as it was found to attack: an identity whose name ends the ssh setting and adds a ProxyCommand.
    /// 'up' refuses it before it writes any ssh configuration, so that neither it nor a later 'down' can run the
    /// command.
    /// </summary>
    [Fact]
    public void An_identity_that_would_add_a_ProxyCommand_is_refused_by_up_and_nothing_runs()
    {
        using var files = OrchestraFiles.Create();
        var key = "k\"\n  ProxyCommand sh -c \"touch PWNED; exec nc %h %p\"\n#";
        File.WriteAllText(files.PathOf(key), "not a key");
        files.Write("hosts.json", $$"""[{{Host}}, "identity": {{System.Text.Json.JsonSerializer.Serialize(key)}}}]""");
        var state = Path.Combine(files.Root, "state");
        var environment = new Dictionary<string, string> { ["ORCHESTRA_STATE_DIR"] = state };

        var up = OrchestraCli.Run(files.Root, environment, "up", "orch");
        var down = OrchestraCli.Run(files.Root, environment, "down", "orch");

        Assert.True(up.ExitCode == 2, up.ToString());
        Assert.Contains("is not allowed: a path for ssh must not be empty or hold a control character "
            + "(such as a newline) ($[0].identity)", up.Stderr);
        Assert.Equal(0, down.ExitCode);
        Assert.Empty(Directory.GetFiles(files.Root, "PWNED", SearchOption.AllDirectories));
        Assert.Empty(Directory.Exists(state)
            ? Directory.GetFiles(state, "ssh_config", SearchOption.AllDirectories)
            : []);
    }

    /// <summary>
    /// A module that would carry the tool's keys to its machines, as it was found to: a link to the local cloud's
    /// private key, the state directory inside a module, a hosts file's key inside one. 'up' refuses each, located, and
    /// stages nothing.
    /// </summary>
    [Theory]
    [InlineData("link to the local cloud's key")]
    [InlineData("state directory inside a module")]
    [InlineData("identity inside a module")]
    public void A_module_that_would_carry_the_tools_keys_to_its_machines_is_refused_by_up(string how)
    {
        using var files = OrchestraFiles.Create();
        var state = how == "state directory inside a module"
            ? files.PathOf("fm/state")
            : Path.Combine(files.Root, "state");
        var key = Path.Combine(state, "cloud", "orch", "id_ed25519");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        File.WriteAllText(key, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        var expected = how switch
        {
            "link to the local cloud's key" =>
                "orch/fm/cloud-key: error: module 'fm': 'cloud-key' is a symbolic link to '" + key
                + "', outside the module's directory: only the module's own files may be copied to its machines",
            "state directory inside a module" =>
                $"orch/fm/manifest.json:1:1: error: module 'fm': its directory 'orch/fm' and CloudOrchestra's "
                + $"state directory '{state}' (its keys and records) overlap: a module's files are copied to its "
                + $"machines, and those must never be",
            _ => "orch/hosts.json:1:2: error: host 'h1': 'orch/fm/id_music' lies inside module 'fm', "
                + "whose files are copied to every machine that runs it: keep keys out of modules ($[0])",
        };
        if (how == "link to the local cloud's key") File.CreateSymbolicLink(files.PathOf("fm/cloud-key"), key);
        if (how == "identity inside a module")
        {
            File.WriteAllText(files.PathOf("fm/id_music"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
            files.Write("hosts.json", $$"""[{{Host}}, "identity": "fm/id_music"}]""");
        }

        var up = OrchestraCli.Run(files.Root, new Dictionary<string, string> { ["ORCHESTRA_STATE_DIR"] = state },
            "up", "orch");

        Assert.True(up.ExitCode == 2, up.ToString());
        Assert.Equal([expected], up.StderrLines);
        Assert.False(Directory.Exists(Path.Combine(state, "deployments"))
            && Directory.EnumerateFiles(Path.Combine(state, "deployments"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void There_are_at_least_twenty_distinct_broken_orchestras()
    {
        Assert.True(Cases.Count >= 20);
        Assert.Equal(Cases.Count, Cases.Cast<object[]>().Select(row => ((Case)row[0]).Expected).Distinct().Count());
    }
}
