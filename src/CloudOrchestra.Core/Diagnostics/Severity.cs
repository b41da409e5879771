namespace CloudOrchestra.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}
