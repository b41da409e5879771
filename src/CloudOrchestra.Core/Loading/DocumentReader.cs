using CloudOrchestra.Diagnostics;
using CloudOrchestra.Files;

namespace CloudOrchestra.Loading;

/// <summary>Reads a user's file into located values; says which file could not be read, and why.</summary>
internal static class DocumentReader
{
    public static SourceValue? Read(string path, DiagnosticBag diagnostics)
    {
        var display = DisplayPath.Of(path);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(SourceLocation.WholeFile(display), $"cannot read the file: {e.Message}");
            return null;
        }
        return JsonSourceReader.Read(display, content, diagnostics);
    }
}
