namespace ConfigCenter.Testing.Clients;

/// <summary>What a batch zkCli run printed (stdout and stderr merged in the order zkCli wrote them).</summary>
public sealed record ZkCliResult(int ExitCode, IReadOnlyList<string> Lines)
{
    public string Output => string.Join('\n', Lines);
}
