namespace CloudOrchestra.Cli;

/// <summary>What <c>orchestra</c> exits with; scripts rely on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
}
