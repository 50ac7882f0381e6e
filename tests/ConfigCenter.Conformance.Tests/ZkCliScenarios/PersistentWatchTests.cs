using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.ZkCliScenarios;

/// <summary>
/// addWatch (opcode 106). kazoo 2.8 has no add_watch, so zkCli is the real client that exercises it here.
/// One session watches, the other makes changes; each change is complete before the next starts.
/// </summary>
public sealed class PersistentWatchTests
{
    [Theory, BothServerKinds]
    public async Task Persistent_recursive_watch_reports_every_change_below_its_path(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        await using var watcher = await ZkCli.StartSessionAsync(server.ConnectString);
        await using var actor = await ZkCli.StartSessionAsync(server.ConnectString);

        Assert.Empty(await watcher.ExecuteAsync("addWatch -m PERSISTENT_RECURSIVE /pr"));
        var from = watcher.LineCount;
        foreach (var command in new[]
                 {
                     "create /pr \"\"", "create /pr/c \"\"", "set /pr/c \"1\"", "create /pr/c/deep \"\"",
                     "delete /pr/c/deep", "delete /pr/c", "create /other \"\"", "set /pr \"last\"",
                 })
        {
            await actor.ExecuteAsync(command);
        }

        Assert.Equal(
            [
                CliEvents.Line("NodeCreated", "/pr"),
                CliEvents.Line("NodeCreated", "/pr/c"),
                CliEvents.Line("NodeDataChanged", "/pr/c"),
                CliEvents.Line("NodeCreated", "/pr/c/deep"),
                CliEvents.Line("NodeDeleted", "/pr/c/deep"),
                CliEvents.Line("NodeDeleted", "/pr/c"),
                // Recursive watches never report NodeChildrenChanged, and /other is outside.
                CliEvents.Line("NodeDataChanged", "/pr"),
            ],
            await watcher.WaitForLinesAsync(CliEvents.IsNodeEvent, 7, "node events", from));
    }

    [Theory, BothServerKinds]
    public async Task Persistent_watch_fires_repeatedly_for_the_node_and_its_children_list(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        await using var watcher = await ZkCli.StartSessionAsync(server.ConnectString);
        await using var actor = await ZkCli.StartSessionAsync(server.ConnectString);

        // Unlike PERSISTENT_RECURSIVE, this covers /p and its child list only: "set /p/c" is not reported.
        Assert.Empty(await watcher.ExecuteAsync("addWatch -m PERSISTENT /p"));
        var from = watcher.LineCount;
        foreach (var command in new[]
                 {
                     "create /p \"\"", "create /p/c \"\"", "set /p/c \"not reported\"", "set /p \"1\"", "set /p \"2\"", "delete /p/c",
                 })
        {
            await actor.ExecuteAsync(command);
        }

        Assert.Equal(
            [
                CliEvents.Line("NodeCreated", "/p"),
                CliEvents.Line("NodeChildrenChanged", "/p"),
                CliEvents.Line("NodeDataChanged", "/p"),
                CliEvents.Line("NodeDataChanged", "/p"),
                CliEvents.Line("NodeChildrenChanged", "/p"),
            ],
            await watcher.WaitForLinesAsync(CliEvents.IsNodeEvent, 5, "node events", from));
    }
}
