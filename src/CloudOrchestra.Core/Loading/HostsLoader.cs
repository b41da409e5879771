using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// Reads a hosts file: the prototype's <c>slaves.json</c> (an array of <c>{name, host, username, cores}</c>)
/// or <c>{"hosts": [...]}</c>. Unknown keys such as <c>memory</c>, <c>masterjack</c>, <c>comment</c> are accepted.
/// </summary>
internal static partial class HostsLoader
{
    /// <param name="content">The file's text in place of what is on disk (an edit being checked before it is
    /// saved).</param>
    public static Resources? Load(string path, DiagnosticBag diagnostics, byte[]? content = null)
    {
        var document = content is null
            ? DocumentReader.Read(path, diagnostics)
            : Files.JsonSourceReader.Read(DisplayPath.Of(path), content, diagnostics);
        if (document is not { } root) return null;
        var list = root switch
        {
            SourceArray array => array,
            SourceObject obj when obj.Find("hosts")?.Value is SourceArray array => array,
            _ => null,
        };
        if (list is null)
        {
            diagnostics.Error(root.Location, "the hosts file must be an array of machines (or an object with a "
                + $"'hosts' array), but is {root.Describe()}");
            return null;
        }
        if (list.Items.Count == 0)
        {
            diagnostics.Error(list.Location, "the hosts file lists no machines");
            return null;
        }
        var errorsBefore = diagnostics.ErrorCount;
        var hosts = new List<Host>();
        // By the name as written, whether or not the rest of its entry is right: a machine listed twice is a problem
        // of its own, reported beside any other.
        var firstByName = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var host = Read(list.Items[i], i + 1, Path.GetDirectoryName(Path.GetFullPath(path))!, diagnostics);
            if (list.Items[i] is SourceObject entry && entry.Find("name")?.Value is SourceString { Value: var name }
                && !firstByName.TryAdd(name, entry.Location))
            {
                diagnostics.Error(entry.Location,
                    $"host '{name}' is listed twice (first at line {firstByName[name].Line})");
                continue;
            }
            if (host is not null) hosts.Add(host);
        }
        var (listener, conductor) = ReadListener(root, diagnostics);
        return diagnostics.ErrorCount > errorsBefore
            ? null
            : new Resources(DisplayPath.Of(path), [.. hosts], listener, conductor);
    }

    /// <summary>
    /// The optional <c>"listener": {"jack": {"driver": "alsa", "device": "hw:0"}, "osc": {"port": 57200}}</c> of the
    /// object form.
    /// </summary>
    private static (JackSettings?, ConductorSettings?) ReadListener(SourceValue root, DiagnosticBag diagnostics)
    {
        if (root is not SourceObject obj || obj.Find("listener") is not { } entry) return (null, null);
        if (entry.Value is not SourceObject listener)
        {
            diagnostics.Error(entry.Value.Location, $"'listener' must be an object such as {{\"jack\": {{\"driver\": "
                + $"\"alsa\"}}}}, but is {entry.Value.Describe()}");
            return (null, null);
        }
        var fields = new FieldReader(listener, "the listener", diagnostics);
        return (ReadJack(fields, diagnostics), ReadConductor(fields, diagnostics));
    }

    /// <summary>
    /// The listener's <c>"osc"</c>: the conductor's port, address and the networks it takes OSC from.
    /// </summary>
    private static ConductorSettings? ReadConductor(FieldReader listener, DiagnosticBag diagnostics)
    {
        if (listener.OptionalObject("osc") is not { } osc) return null;
        var fields = new FieldReader(osc, "the listener's osc", diagnostics);
        var port = fields.OptionalWhole("port", 1, 65535) ?? ConductorSettings.DefaultPort;
        var address = fields.OptionalString("address") ?? ConductorSettings.Default.Address;
        if (!System.Net.IPAddress.TryParse(address, out var ip) || address.Contains('%'))
        {
            diagnostics.Error(fields.LocationOf("address"),
                $"the listener's osc: 'address' must be an IP address to listen on, such as \"127.0.0.1\" or "
                    + $"\"0.0.0.0\", but is '{Names.Printable(address)}'");
            return null;
        }
        var allow = new List<System.Net.IPNetwork>();
        foreach (var item in fields.OptionalArray("allow")?.Items ?? [])
        {
            if (item is SourceString { Value: var text } && ConductorSettings.NetworkOf(text) is { } network)
                allow.Add(network);
            else
                diagnostics.Error(item.Location, $"the listener's osc: every item of 'allow' must be a network such as "
                    + $"\"192.168.1.0/24\" or an address, but one is {item.Describe()}");
        }
        if (!System.Net.IPAddress.IsLoopback(ip) && allow.Count == 0)
        {
            diagnostics.Error(fields.LocationOf("address"), $"the listener's osc: address {address} takes OSC from "
                + "beyond this computer: say from which networks in 'allow' (such as [\"192.168.1.0/24\"])");
        }
        return new ConductorSettings(port, address, allow);
    }

    private static Host? Read(SourceValue value, int number, string baseDirectory, DiagnosticBag diagnostics)
    {
        if (value is not SourceObject obj)
        {
            diagnostics.Error(value.Location, $"machine {number} must be an object such as {{\"name\": \"h1\", "
                + $"\"host\": \"10.0.0.2\", \"username\": \"music\", \"cores\": 2}}, but is {value.Describe()}");
            return null;
        }
        var name = obj.Find("name")?.Value is SourceString s ? s.Value : null;
        var item = name is null ? $"machine {number}" : $"host '{name}'";
        var fields = new FieldReader(obj, item, diagnostics);
        var errorsBefore = diagnostics.ErrorCount;
        fields.RequiredString("name");
        if (name is not null && !Names.IsValidName(name))
        {
            diagnostics.Error(fields.LocationOf("name"), $"host name '{name}' is not allowed: {Names.NameRule}");
        }
        var address = fields.RequiredString("host", "address");
        if (address is not null && !Names.IsValidAddress(address))
        {
            diagnostics.Error(fields.LocationOf("host", "address"),
                $"{item}: address '{address}' is not a hostname or IP address");
        }
        var user = fields.RequiredString("username", "user");
        if (user is not null && !Names.IsValidUser(user))
        {
            diagnostics.Error(fields.LocationOf("username", "user"),
                $"{item}: user name '{user}' is not allowed: a user name starts with a letter or '_' and holds only "
                    + "letters, digits, '_', '.' and '-'");
        }
        var cores = fields.RequiredWhole("cores", 1, 4096);
        var port = fields.OptionalWhole("port", 1, 65535) ?? 22;
        var identity = ReadFile(fields, baseDirectory, diagnostics, "identity", "identityFile");
        var knownHosts = ReadFile(fields, baseDirectory, diagnostics, "knownHosts");
        var jack = ReadJack(fields, diagnostics);
        if (diagnostics.ErrorCount > errorsBefore) return null;
        return new Host(name!, address!, user!, cores!.Value, port, identity, jack, obj.Location, knownHosts);
    }

    /// <summary>A file the host entry names (an ssh key, a known_hosts file), relative to the hosts file.</summary>
    private static string? ReadFile(FieldReader fields, string baseDirectory, DiagnosticBag diagnostics, string key,
        params string[] alternatives)
    {
        var path = fields.OptionalString(key, alternatives);
        if (path is null) return null;
        var what = key == "knownHosts" ? "known hosts file" : "identity file";
        if (Names.HasControlCharacter(path) || path.Length == 0)
        {
            // ssh's configuration holds one setting per line: a newline in a path would start a setting of its own.
            diagnostics.Error(fields.LocationOf(key, alternatives), $"{fields.Item}: {what} "
                + $"'{Names.Printable(path)}' is not allowed: a path for ssh must not be empty or hold a control "
                + "character (such as a newline)");
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (!File.Exists(full))
        {
            diagnostics.Error(fields.LocationOf(key, alternatives), $"{fields.Item}: {what} '{path}' not found");
        }
        return full;
    }

    private static JackSettings ReadJack(FieldReader fields, DiagnosticBag diagnostics)
    {
        if (fields.OptionalObject("jack") is not { } jack) return JackSettings.Default;
        var reader = new FieldReader(jack, fields.Item, diagnostics);
        var driver = reader.OptionalString("driver") ?? JackSettings.Default.Driver;
        if (!DriverPattern().IsMatch(driver))
        {
            diagnostics.Error(reader.LocationOf("driver"),
                $"{fields.Item}: JACK driver '{driver}' is not allowed: use a driver name such as dummy or alsa");
        }
        var device = reader.OptionalString("device");
        if (device is not null && !DevicePattern().IsMatch(device))
        {
            diagnostics.Error(reader.LocationOf("device"),
                $"{fields.Item}: JACK device '{device}' is not allowed: use a name such as hw:0 or hw:USB,0");
        }
        var rate = reader.OptionalWhole("rate", 8000, 384000) ?? JackSettings.Default.SampleRate;
        var period = reader.OptionalWhole("period", 16, 8192) ?? JackSettings.Default.Period;
        return new JackSettings(driver, device, rate, period);
    }

    [GeneratedRegex(@"^[a-z][a-z0-9]{0,15}\z")]
    private static partial Regex DriverPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_:,.]{0,63}\z")]
    private static partial Regex DevicePattern();
}
