using System.Text.Json;
using CloudOrchestra.Node.Delivery;

namespace CloudOrchestra.Node.Config;

/// <summary>A block as every node knows it: where it runs, its OSC port there, and its declared controls.</summary>
public sealed record BlockEntry(string Name, string Machine, int OscPort, IReadOnlyDictionary<string, Control> Controls)
{
    public Control ControlOf(string address) => Controls.GetValueOrDefault(address) ?? Control.Undeclared;
}

/// <summary>
/// What a node knows of its deployment, from the <c>node.json</c> that <c>up</c> stages on every machine
/// (docs/node-protocol.md): the deployment, this machine, every block and every machine's address.
/// </summary>
public sealed record NodeConfig(string Deployment, string Machine, IReadOnlyDictionary<string, BlockEntry> Blocks,
    IReadOnlyDictionary<string, string> Addresses)
{
    public static NodeConfig? TryLoad(string path, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var blocks = new Dictionary<string, BlockEntry>(StringComparer.Ordinal);
            foreach (var block in root.GetProperty("blocks").EnumerateObject())
            {
                var controls = new Dictionary<string, Control>(StringComparer.Ordinal);
                if (block.Value.TryGetProperty("controls", out var declared))
                {
                    foreach (var control in declared.EnumerateObject())
                    {
                        var type = control.Value.TryGetProperty("type", out var t) ? t.GetString() : null;
                        var mode = control.Value.TryGetProperty("delivery", out var d) ? d.GetString() : "reliable";
                        if (!DeliveryModes.TryParse(mode, out var delivery))
                            throw new FormatException(
                                $"blocks.{block.Name}.controls.{control.Name}: no delivery '{mode}'");
                        controls[control.Name] = new Control(type, delivery);
                    }
                }
                blocks[block.Name] = new BlockEntry(block.Name, block.Value.GetProperty("machine").GetString()!,
                    block.Value.GetProperty("oscPort").GetInt32(), controls);
            }
            var addresses = root.GetProperty("machines").EnumerateObject()
                .ToDictionary(m => m.Name, m => m.Value.GetProperty("address").GetString()!, StringComparer.Ordinal);
            error = null;
            return new NodeConfig(root.GetProperty("deployment").GetString()!, root.GetProperty("machine").GetString()!,
                blocks, addresses);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException
            or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }
}
