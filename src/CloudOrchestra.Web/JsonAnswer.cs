using System.Text.Json;

namespace CloudOrchestra.Web;

/// <summary>An answer written with the same JSON writers the CLI's <c>--json</c> uses.</summary>
internal static class JsonAnswer
{
    public static IResult Of(Action<Utf8JsonWriter> body, int status = StatusCodes.Status200OK)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) body(json);
        var bytes = buffer.ToArray();
        return status == StatusCodes.Status200OK
            ? Results.Bytes(bytes, "application/json")
            : Results.Text(System.Text.Encoding.UTF8.GetString(bytes), "application/json", System.Text.Encoding.UTF8,
                status);
    }
}
