namespace CloudOrchestra.Deploy.Execution;

/// <summary>
/// One of the agent's files, by its path in a machine's deployment directory (<c>lib/process.bash</c>).
/// </summary>
public sealed record AgentFile(string RelativePath, byte[] Bytes);
