using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Watches;

/// <summary>
/// Whoever receives watch notifications: a client connection. As in ZooKeeper, watches belong to
/// the connection, not the session; a reconnecting client re-registers them with setWatches.
/// </summary>
internal interface IWatcher
{
    /// <summary>Queues the notification; must not block, as it runs on the state machine's thread.</summary>
    void Notify(WatcherEvent watchedEvent);
}
