namespace ConfigCenter.LoadGenerator.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run had errors, or could not run (server unreachable, setup failed).</summary>
    public const int Failed = 1;

    public const int Usage = 2;
}
