namespace CloudOrchestra.Deployment;

/// <summary>
/// One call of the agent on one machine (<c>orchestra-agent ARGS...</c>): the unit every renderer — <c>up</c>,
/// generated scripts — turns into an ssh command. <paramref name="Block"/> names the block it concerns, if any.
/// </summary>
public sealed record AgentCall(string Machine, IReadOnlyList<string> Args, string? Block = null)
{
    public override string ToString() => $"{Machine}: orchestra-agent {string.Join(' ', Args)}";
}
