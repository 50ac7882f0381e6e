using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;

namespace ConfigCenter.Configuration.Sync;

/// <summary>
/// The persistent recursive watcher on the root: it only records which znodes changed and wakes the
/// sync loop. It runs on the client's event dispatcher, so it does no I/O and never blocks.
/// </summary>
internal sealed class ChangeTracker(WorkSignal signal) : IWatcher
{
    private readonly object _gate = new();
    private HashSet<string> _changed = new(StringComparer.Ordinal);

    public void Process(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type is not (EventType.NodeCreated or EventType.NodeDeleted or EventType.NodeDataChanged) || watchedEvent.Path is null)
            return;
        lock (_gate) _changed.Add(watchedEvent.Path);
        signal.Notify();
    }

    /// <summary>The paths notified since the last call.</summary>
    public HashSet<string> TakeAll()
    {
        lock (_gate)
        {
            var taken = _changed;
            _changed = new HashSet<string>(StringComparer.Ordinal);
            return taken;
        }
    }

    /// <summary>Puts paths back, to be read again by the next cycle.</summary>
    public void Requeue(IEnumerable<string> paths)
    {
        lock (_gate) _changed.UnionWith(paths);
        signal.Notify();
    }

    public bool HasPending
    {
        get { lock (_gate) return _changed.Count > 0; }
    }
}
