namespace ConfigCenter.Client.Watches;

/// <summary>
/// Receives watch and connection-state events. All watchers of one client are called one at a time,
/// in event order, on the client's dispatcher: never concurrently, so a slow watcher delays the rest.
/// The same instance registered twice for one path and kind is notified once.
/// </summary>
public interface IWatcher
{
    /// <summary>Handles one event. Exceptions are logged and swallowed.</summary>
    void Process(WatchedEvent watchedEvent);
}
