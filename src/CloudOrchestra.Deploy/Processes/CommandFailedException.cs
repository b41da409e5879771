namespace CloudOrchestra.Deploy.Processes;

/// <summary>A program the tool ran failed; the message says which, and what it printed last.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
