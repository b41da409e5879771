using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;
using CloudOrchestra.Model;

namespace CloudOrchestra.Loading;

/// <summary>
/// A manifest's <c>"controls"</c>: each OSC address its blocks take, with its type, range and delivery.
/// </summary>
internal static class ControlsReader
{
    private const string TypeTags = "ifsbhdtcmrTFNIS";

    public static IReadOnlyList<ModuleControl> Read(FieldReader fields, string item, DiagnosticBag diagnostics)
    {
        if (fields.OptionalObject("controls") is not { } declared) return [];
        var controls = new List<ModuleControl>();
        foreach (var property in declared.Properties)
        {
            var what = $"{item}: control '{Names.Printable(property.Name)}'";
            if (!Names.IsOscAddress(property.Name))
            {
                diagnostics.Error(property.NameLocation, $"{what}: an OSC address is {Names.OscAddressRule}");
                continue;
            }
            if (property.Value is not SourceObject obj)
            {
                diagnostics.Error(property.Value.Location,
                    $"{what} must be an object such as {{\"type\": \"f\"}}, but is {property.Value.Describe()}");
                continue;
            }
            var control = new FieldReader(obj, what, diagnostics);
            var type = control.OptionalString("type");
            if (type is not null && (type.Length == 0 || type.Any(c => !TypeTags.Contains(c))))
            {
                diagnostics.Error(control.LocationOf("type"),
                    $"{what}: 'type' must be OSC type tags such as \"f\" or \"ii\" (of {TypeTags}), "
                        + $"but is '{Names.Printable(type)}'");
                type = null;
            }
            var delivery = control.OptionalString("delivery") ?? DeliveryModes.Reliable;
            if (!DeliveryModes.All.Contains(delivery))
            {
                diagnostics.Error(control.LocationOf("delivery"), $"{what}: 'delivery' must be one of "
                    + $"{string.Join(", ", DeliveryModes.All)}, but is '{Names.Printable(delivery)}'");
            }
            double? Number(string key)
            {
                var value = control.Get(key);
                if (value is null) return null;
                if (value is SourceNumber n) return n.Value;
                diagnostics.Error(value.Location, $"{what}: '{key}' must be a number, but is {value.Describe()}");
                return null;
            }
            var (min, max, @default) = (Number("min"), Number("max"), Number("default"));
            if (min > max)
                diagnostics.Error(control.LocationOf("max"), $"{what}: 'max' ({max}) is below 'min' ({min})");
            else if (@default < min || @default > max)
                diagnostics.Error(control.LocationOf("default"),
                    $"{what}: 'default' ({@default}) is outside {min} to {max}");
            foreach (var unknown in obj.Properties.Where(p => p.Name is not
                ("type" or "min" or "max" or "default" or "delivery" or "label" or "comment")))
            {
                diagnostics.Error(unknown.NameLocation, $"{what}: unknown field '{Names.Printable(unknown.Name)}'; "
                    + "a control has type, min, max, default, delivery, label and comment");
            }
            controls.Add(new ModuleControl(property.Name, type, min, max, @default, delivery));
        }
        return controls;
    }
}
