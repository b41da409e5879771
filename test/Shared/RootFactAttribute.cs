namespace CloudOrchestra.Testing;

/// <summary>
/// A test that creates network namespaces and users: it needs root. CI runs as root and so runs it;
/// elsewhere it is skipped with that reason.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: it creates network namespaces, users and sshd daemons (CI runs it as root)";
    }
}

/// <summary>A theory that needs root, like <see cref="RootFactAttribute"/>.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: it creates network namespaces, users and sshd daemons (CI runs it as root)";
    }
}
