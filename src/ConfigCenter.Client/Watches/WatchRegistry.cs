using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Watches;

/// <summary>
/// The watches this client holds, keyed by client path. One-shot watches leave the tables when they
/// fire; persistent ones stay until removed. The tables are what a reconnect re-registers with
/// setWatches, so they must only ever hold watches the server confirmed.
/// </summary>
internal sealed class WatchRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<WatchKind, Dictionary<string, HashSet<IWatcher>>> _tables = new()
    {
        [WatchKind.Data] = new(StringComparer.Ordinal),
        [WatchKind.Exist] = new(StringComparer.Ordinal),
        [WatchKind.Child] = new(StringComparer.Ordinal),
        [WatchKind.Persistent] = new(StringComparer.Ordinal),
        [WatchKind.PersistentRecursive] = new(StringComparer.Ordinal),
    };

    public void Add(WatchKind kind, string path, IWatcher watcher)
    {
        lock (_gate)
        {
            var table = _tables[kind];
            if (!table.TryGetValue(path, out var watchers)) table[path] = watchers = [];
            watchers.Add(watcher);
        }
    }

    /// <summary>
    /// The watchers a node event triggers, removing the one-shot ones it consumes. State events
    /// (type None) reach every watcher and remove none, as in ZooKeeper's client.
    /// </summary>
    public IReadOnlyCollection<IWatcher> Materialize(EventType type, string? path)
    {
        var result = new HashSet<IWatcher>();
        lock (_gate)
        {
            if (type == EventType.None || path is null)
            {
                foreach (var table in _tables.Values)
                foreach (var watchers in table.Values)
                    result.UnionWith(watchers);
                return result;
            }

            switch (type)
            {
                case EventType.NodeCreated or EventType.NodeDataChanged:
                    Take(WatchKind.Data, path, result);
                    Take(WatchKind.Exist, path, result);
                    break;
                case EventType.NodeChildrenChanged:
                    Take(WatchKind.Child, path, result);
                    break;
                case EventType.NodeDeleted:
                    Take(WatchKind.Data, path, result);
                    Take(WatchKind.Exist, path, result); // the server never sends this, but a stale exist watch is consumed too
                    Take(WatchKind.Child, path, result);
                    break;
                default:
                    return result;
            }

            AddPersistent(path, result);
        }
        return result;
    }

    /// <summary>Every watched path per kind, for setWatches after a reconnect.</summary>
    public IReadOnlyDictionary<WatchKind, IReadOnlyList<string>> Snapshot()
    {
        lock (_gate)
            return _tables.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<string>)[.. entry.Value.Keys]);
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate) return _tables.Values.All(table => table.Count == 0);
        }
    }

    /// <summary>True when <paramref name="watcher"/> (any watcher, when null) watches the path in a table the type covers.</summary>
    public bool Contains(string path, IWatcher? watcher, WatcherType type)
    {
        lock (_gate)
        {
            foreach (var kind in KindsOf(type))
            {
                if (_tables[kind].TryGetValue(path, out var watchers) && (watcher is null ? watchers.Count > 0 : watchers.Contains(watcher)))
                    return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Removes the watcher (every watcher, when null) of the path from the tables the type covers;
    /// returns what was removed with the event type each removed watcher is told.
    /// </summary>
    public IReadOnlyList<(IWatcher Watcher, EventType RemovedEvent)> Remove(string path, IWatcher? watcher, WatcherType type)
    {
        var removed = new List<(IWatcher, EventType)>();
        lock (_gate)
        {
            foreach (var kind in KindsOf(type))
            {
                var table = _tables[kind];
                if (!table.TryGetValue(path, out var watchers)) continue;
                var eventType = RemovedEventFor(kind);
                if (watcher is null)
                {
                    removed.AddRange(watchers.Select(w => (w, eventType)));
                    table.Remove(path);
                }
                else if (watchers.Remove(watcher))
                {
                    removed.Add((watcher, eventType));
                    if (watchers.Count == 0) table.Remove(path);
                }
            }
        }
        return removed;
    }

    public void Clear()
    {
        lock (_gate)
            foreach (var table in _tables.Values) table.Clear();
    }

    /// <summary>Children removes child watches, Data removes data and exist watches, Any removes every kind.</summary>
    private static WatchKind[] KindsOf(WatcherType type) => type switch
    {
        WatcherType.Children => [WatchKind.Child],
        WatcherType.Data => [WatchKind.Data, WatchKind.Exist],
        WatcherType.Any => [WatchKind.Child, WatchKind.Data, WatchKind.Exist, WatchKind.Persistent, WatchKind.PersistentRecursive],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "ZooKeeper 3.8 removes watches of type Children, Data or Any."),
    };

    private static EventType RemovedEventFor(WatchKind kind) => kind switch
    {
        WatchKind.Child => EventType.ChildWatchRemoved,
        WatchKind.Data or WatchKind.Exist => EventType.DataWatchRemoved,
        _ => EventType.PersistentWatchRemoved,
    };

    private void Take(WatchKind kind, string path, HashSet<IWatcher> result)
    {
        if (_tables[kind].Remove(path, out var watchers)) result.UnionWith(watchers);
    }

    /// <summary>A persistent watch on the path, and recursive watches on the path or any ancestor.</summary>
    private void AddPersistent(string path, HashSet<IWatcher> result)
    {
        if (_tables[WatchKind.Persistent].TryGetValue(path, out var persistent)) result.UnionWith(persistent);
        var recursive = _tables[WatchKind.PersistentRecursive];
        if (recursive.Count == 0) return;
        for (var current = path; ; current = ZkPath.Parent(current))
        {
            if (recursive.TryGetValue(current, out var watchers)) result.UnionWith(watchers);
            if (current == ZkPath.Root) break;
        }
    }
}
