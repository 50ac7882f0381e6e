namespace ConfigCenter.Cli;

/// <summary>What the process exit code tells a script.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad command line (System.CommandLine's own code for parse errors).</summary>
    public const int Usage = 1;

    /// <summary>Someone else changed the configuration; nothing was written.</summary>
    public const int Conflict = 2;

    /// <summary>The ensemble could not be reached or refused the request.</summary>
    public const int Unavailable = 3;

    /// <summary>The input (JSON file, key, value) is invalid, or the key does not exist.</summary>
    public const int BadInput = 4;
}
