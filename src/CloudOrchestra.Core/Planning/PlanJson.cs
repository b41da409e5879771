using System.Text.Json;
using CloudOrchestra.Model;

namespace CloudOrchestra.Planning;

/// <summary>
/// The plan document scripts and the web studio rely on: <c>{"allocation": {block: host}, "cost": {...}, "optimal":
/// bool, "lowerBound": number, "gap": number, "hosts": [{"name", "cores", "load", "blocks"}]}</c>. The gap is
/// (total − lower bound) / total: 0 when optimal. <c>orchestra plan --json</c> and <c>POST /api/plan</c> both write
/// it.
/// </summary>
public static class PlanJson
{
    public static void Write(Utf8JsonWriter json, Orchestra orchestra, Resources resources, Placement placement)
    {
        json.WriteStartObject();
        json.WriteStartObject("allocation");
        foreach (var (block, host) in placement.Allocation) json.WriteString(block, host);
        json.WriteEndObject();
        json.WriteStartObject("cost");
        json.WriteNumber("alpha", placement.Cost.Alpha);
        json.WriteNumber("overflow", placement.Cost.Overflow);
        json.WriteNumber("remoteLinks", placement.Cost.RemoteLinks);
        json.WriteNumber("remoteChannels", placement.Cost.RemoteChannels);
        json.WriteNumber("localLinks", placement.Cost.LocalLinks);
        json.WriteNumber("total", placement.Cost.Total);
        json.WriteEndObject();
        json.WriteBoolean("optimal", placement.Optimal);
        json.WriteNumber("lowerBound", placement.LowerBound);
        json.WriteNumber("gap", Math.Round(placement.Gap, 6));
        json.WriteStartArray("hosts");
        var loads = CostModel.Loads(orchestra, resources, placement.HostOf);
        var blocksOn = placement.Allocation.ToLookup(kv => kv.Value, kv => kv.Key);
        foreach (var host in resources.Hosts)
        {
            json.WriteStartObject();
            json.WriteString("name", host.Name);
            json.WriteNumber("cores", host.Cores);
            json.WriteNumber("load", loads[host.Name]);
            json.WriteStartArray("blocks");
            foreach (var block in blocksOn[host.Name]) json.WriteStringValue(block);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
