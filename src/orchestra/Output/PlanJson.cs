using CloudOrchestra.Model;
using CloudOrchestra.Planning;

namespace CloudOrchestra.Cli.Output;

/// <summary>
/// The shape scripts rely on: <c>{"allocation": {block: host}, "cost": {...}, "optimal": bool,
/// "hosts": [{"name", "cores", "load", "blocks"}]}</c>.
/// </summary>
internal static class PlanJson
{
    public static void Write(Orchestra orchestra, Resources resources, Placement placement) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("allocation");
        foreach (var (block, host) in placement.Allocation) json.WriteString(block, host);
        json.WriteEndObject();
        json.WriteStartObject("cost");
        json.WriteNumber("alpha", placement.Cost.Alpha);
        json.WriteNumber("overflow", placement.Cost.Overflow);
        json.WriteNumber("remoteLinks", placement.Cost.RemoteLinks);
        json.WriteNumber("localLinks", placement.Cost.LocalLinks);
        json.WriteNumber("total", placement.Cost.Total);
        json.WriteEndObject();
        json.WriteBoolean("optimal", placement.Optimal);
        json.WriteStartArray("hosts");
        var loads = CostModel.Loads(orchestra, resources, placement.HostOf);
        foreach (var host in resources.Hosts)
        {
            json.WriteStartObject();
            json.WriteString("name", host.Name);
            json.WriteNumber("cores", host.Cores);
            json.WriteNumber("load", loads[host.Name]);
            json.WriteStartArray("blocks");
            foreach (var (block, on) in placement.Allocation)
            {
                if (on == host.Name) json.WriteStringValue(block);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
