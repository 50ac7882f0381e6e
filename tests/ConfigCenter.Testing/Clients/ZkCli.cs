namespace ConfigCenter.Testing.Clients;

/// <summary>Apache ZooKeeper's command-line client, zkCli, driven as a real process.</summary>
public static class ZkCli
{
    /// <summary>Starts an interactive session; see <see cref="ZkCliSession"/>.</summary>
    public static Task<ZkCliSession> StartSessionAsync(string connectString, CancellationToken cancellationToken = default) =>
        ZkCliSession.StartAsync(connectString, cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> one after another in one session, then quits.
    /// Each command is awaited before the next is sent, so the output is in command order.
    /// </summary>
    public static async Task<ZkCliResult> RunAsync(
        string connectString, IEnumerable<string> commands, CancellationToken cancellationToken = default)
    {
        await using var session = await StartSessionAsync(connectString, cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        foreach (var command in commands)
        {
            lines.AddRange(await session.ExecuteAsync(command, cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        var exitCode = await session.QuitAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ZkCliResult(exitCode, lines);
    }
}
