using CloudOrchestra.Deploy.Execution;
using System.Text.Json;

namespace CloudOrchestra.Deploy.Orchestration;

/// <summary>
/// The status document: <c>{"healthy": bool, "machines": [{"name", "reachable", "processes": {name: alive}, "states":
/// {name: "alive" | "stopped" | "dead"}, "wires": [{"from", "to", "connected": bool, or null when JACK could not be
/// asked}]}], "control": {"oscPort": N, "address": A}}</c>, for <c>orchestra status --json</c> and the web studio
/// alike.
/// </summary>
public static class StatusJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<MachineStatus> machines, ConductorAt? conductor = null)
    {
        w.WriteStartObject();
        w.WriteBoolean("healthy", machines.All(m => m.Healthy));
        if (conductor is not null)
        {
            w.WriteStartObject("control");
            w.WriteNumber("oscPort", conductor.Port);
            w.WriteString("address", conductor.Address);
            w.WriteEndObject();
        }
        w.WriteStartArray("machines");
        foreach (var m in machines)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Machine);
            w.WriteBoolean("reachable", m.Reachable);
            w.WriteStartObject("processes");
            foreach (var p in m.Processes) w.WriteBoolean(p.Name, p.Alive);
            w.WriteEndObject();
            w.WriteStartObject("states");
            foreach (var p in m.Processes) w.WriteString(p.Name, p.State.Word());
            w.WriteEndObject();
            w.WriteStartArray("wires");
            foreach (var x in m.Wires)
            {
                w.WriteStartObject();
                w.WriteString("from", x.From);
                w.WriteString("to", x.To);
                if (x.Connected is { } connected) w.WriteBoolean("connected", connected);
                else w.WriteNull("connected");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
