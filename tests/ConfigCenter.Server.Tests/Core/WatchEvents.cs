using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>Short names for the notifications tests expect; the server always sends them in SyncConnected state.</summary>
internal static class Ev
{
    public static WatcherEvent Created(string path) => new(EventType.NodeCreated, KeeperState.SyncConnected, path);

    public static WatcherEvent Deleted(string path) => new(EventType.NodeDeleted, KeeperState.SyncConnected, path);

    public static WatcherEvent DataChanged(string path) => new(EventType.NodeDataChanged, KeeperState.SyncConnected, path);

    public static WatcherEvent ChildrenChanged(string path) => new(EventType.NodeChildrenChanged, KeeperState.SyncConnected, path);
}
