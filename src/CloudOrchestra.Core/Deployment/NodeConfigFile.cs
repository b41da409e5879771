using System.Text;
using System.Text.Json;

namespace CloudOrchestra.Deployment;

/// <summary>
/// The <c>node.json</c> every machine's node reads (<c>NodeConfig</c> in the node; docs/node-protocol.md): the
/// deployment, the machine, every block (its machine, OSC port and declared controls) and every machine's address.
/// </summary>
public static class NodeConfigFile
{
    public static string Render(DeploymentPlan plan, string machine)
    {
        using var text = new MemoryStream();
        using (var json = new Utf8JsonWriter(text, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("deployment", plan.Id);
            json.WriteString("machine", machine);
            json.WriteStartObject("blocks");
            foreach (var block in plan.Orchestra.Blocks.Where(b => !b.Module.IsBuiltIn))
            {
                json.WriteStartObject(block.Name);
                json.WriteString("machine", plan.Placement.HostOf[block.Name]);
                json.WriteNumber("oscPort", plan.Control.OscPorts[block.Name]);
                json.WriteStartObject("controls");
                foreach (var control in block.Module.Controls ?? [])
                {
                    json.WriteStartObject(control.Address);
                    if (control.Type is not null) json.WriteString("type", control.Type);
                    json.WriteString("delivery", control.Delivery);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("machines");
            foreach (var m in plan.Machines)
            {
                json.WriteStartObject(m.Name);
                json.WriteString("address", m.Host.Address);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(text.ToArray()) + "\n";
    }
}
