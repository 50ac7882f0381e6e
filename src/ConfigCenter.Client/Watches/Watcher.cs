namespace ConfigCenter.Client.Watches;

/// <summary>Builds <see cref="IWatcher"/> instances from delegates.</summary>
public static class Watcher
{
    /// <summary>
    /// A watcher calling <paramref name="handler"/>. Keep the returned instance to remove the watch
    /// later: watches are identified by watcher instance.
    /// </summary>
    public static IWatcher Create(Action<WatchedEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new DelegateWatcher(handler);
    }

    private sealed class DelegateWatcher(Action<WatchedEvent> handler) : IWatcher
    {
        public void Process(WatchedEvent watchedEvent) => handler(watchedEvent);
    }
}
