using System.Collections.Immutable;
using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// Reads the synthdef's <c>connections</c>. A connection may name <c>ADC</c> or <c>DAC</c> without
/// declaring them, as the prototype's examples do; such blocks are added as implicit blocks.
/// </summary>
internal sealed class ConnectionReader(List<Block> blocks, IReadOnlySet<string> brokenBlocks, DiagnosticBag diagnostics)
{
    private static readonly SourceLocation Anywhere = new("", 0, 0);

    private readonly Dictionary<string, Block> _blocks = blocks.DistinctBy(b => b.Name).ToDictionary(b => b.Name);

    public ImmutableArray<Connection> Read(SourceArray? array)
    {
        var connections = new List<Connection>();
        // Keyed by everything but where it was written: the same connection twice is an error.
        var seen = new Dictionary<Connection, Connection>();
        if (array is null) return [];
        for (var index = 0; index < array.Items.Count; index++)
        {
            if (Read(array.Items[index], index + 1) is not { } connection) continue;
            var key = connection with { Origin = Anywhere };
            if (seen.TryGetValue(key, out var twin))
            {
                diagnostics.Error(connection.Origin,
                    $"connection {connection} is listed twice (first at line {twin.Origin.Line})");
                continue;
            }
            seen[key] = connection;
            connections.Add(connection);
        }
        return [.. connections];
    }

    private Connection? Read(SourceValue value, int number)
    {
        if (value is not SourceObject obj)
        {
            diagnostics.Error(value.Location, $"connection {number} must be an object such as {{\"source\": \"fm\", "
                + $"\"sink\": \"lp\"}}, but is {value.Describe()}");
            return null;
        }
        var source = obj.Find("source")?.Value is SourceString s ? s.Value : null;
        var sink = obj.Find("sink")?.Value is SourceString k ? k.Value : null;
        var item = source is not null && sink is not null ? $"connection {source} → {sink}" : $"connection {number}";
        var fields = new FieldReader(obj, item, diagnostics);
        fields.RequiredString("source");
        fields.RequiredString("sink");
        var sourcePort = fields.OptionalWhole("sourcePort", 1, 64);
        var sinkPort = fields.OptionalWhole("sinkPort", 1, 64);
        var channels = fields.OptionalWhole("channels", 1, 64);
        if (source is null || sink is null) return null;
        var from = Resolve(source, fields.LocationOf("source"), item, implicitName: Module.AdcName);
        var to = Resolve(sink, fields.LocationOf("sink"), item, implicitName: Module.DacName);
        if (from is null || to is null) return null;
        if (from.Module.Outputs == 0)
        {
            diagnostics.Error(fields.LocationOf("source"),
                $"{item}: block '{from.Name}' ({from.Module.Name}) has no outputs");
            return null;
        }
        if (to.Module.Inputs == 0)
        {
            diagnostics.Error(fields.LocationOf("sink"), $"{item}: block '{to.Name}' ({to.Module.Name}) has no inputs");
            return null;
        }
        var firstOut = sourcePort ?? 1;
        var firstIn = sinkPort ?? 1;
        var ok = CheckPort(fields, "sourcePort", firstOut, from, from.Module.Outputs, "output");
        ok &= CheckPort(fields, "sinkPort", firstIn, to, to.Module.Inputs, "input");
        if (!ok) return null;
        var room = Math.Min(from.Module.Outputs - firstOut + 1, to.Module.Inputs - firstIn + 1);
        if (channels is { } wanted && wanted > room)
        {
            diagnostics.Error(fields.LocationOf("channels"),
                $"{item}: {wanted} channels do not fit: '{from.Name}' has {from.Module.Outputs - firstOut + 1} "
                    + $"outputs from port {firstOut} and '{to.Name}' {to.Module.Inputs - firstIn + 1} inputs from "
                    + $"port {firstIn}");
            return null;
        }
        return new Connection(from.Name, to.Name, firstOut, firstIn, channels ?? room, obj.Location);
    }

    private bool CheckPort(FieldReader fields, string key, int port, Block block, int count, string kind)
    {
        if (port <= count) return true;
        diagnostics.Error(fields.LocationOf(key),
            $"{fields.Item}: '{key}' {port} is out of range: block '{block.Name}' ({block.Module.Name}) "
                + $"has {count} {kind}{(count == 1 ? "" : "s")}");
        return false;
    }

    private Block? Resolve(string name, SourceLocation location, string item, string implicitName)
    {
        if (_blocks.TryGetValue(name, out var block)) return block;
        if (brokenBlocks.Contains(name)) return null;
        if (name == implicitName)
        {
            var module = name == Module.AdcName ? Module.Adc(1, location) : Module.Dac(1, location);
            var created = new Block(name, module, null, ImmutableSortedDictionary<string, string>.Empty, true,
                location);
            blocks.Add(created);
            _blocks[name] = created;
            return created;
        }
        var hint = name is Module.AdcName or Module.DacName
            ? $" ('{name}' can only be a connection's {(name == Module.AdcName ? "source" : "sink")})"
            : "";
        diagnostics.Error(location, $"{item}: unknown block '{name}'{hint}");
        return null;
    }
}
