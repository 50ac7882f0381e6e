using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Watches;

/// <summary>
/// One table of watches (the data tree keeps two: data/exist watches and child watches).
/// A trigger on a path fires the watches on that path and the recursive watches on its ancestors,
/// at most once per watcher, and drops the one-shot watches it fired.
/// </summary>
internal sealed class WatchManager
{
    private readonly Dictionary<string, Dictionary<IWatcher, WatchMode>> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<IWatcher, HashSet<string>> _byWatcher = [];
    private int _recursiveCount;

    public int WatchCount { get; private set; }
    public int PathCount => _byPath.Count;
    public int WatcherCount => _byWatcher.Count;

    public void Add(string path, IWatcher watcher, WatchMode mode)
    {
        if (!_byPath.TryGetValue(path, out var watchers))
        {
            watchers = [];
            _byPath[path] = watchers;
        }
        watchers.TryGetValue(watcher, out var existing);
        if ((existing & mode) == mode) return;
        if (existing == WatchMode.None) WatchCount++;
        if ((mode & WatchMode.PersistentRecursive) != 0 && (existing & WatchMode.PersistentRecursive) == 0) _recursiveCount++;
        watchers[watcher] = existing | mode;

        if (!_byWatcher.TryGetValue(watcher, out var paths))
        {
            paths = new HashSet<string>(StringComparer.Ordinal);
            _byWatcher[watcher] = paths;
        }
        paths.Add(path);
    }

    /// <summary>Fires the watches a change of <paramref name="path"/> concerns; returns the watchers it notified.</summary>
    public HashSet<IWatcher>? Trigger(string path, EventType type, HashSet<IWatcher>? suppress = null)
    {
        HashSet<IWatcher>? fired = null;
        var atPath = true;
        // Ancestors matter only to recursive watches, so skip the walk when there are none.
        for (var current = path; current is not null; current = _recursiveCount > 0 ? ParentOrNull(current) : null, atPath = false)
        {
            if (!_byPath.TryGetValue(current, out var watchers)) continue;
            List<IWatcher>? drop = null;
            foreach (var (watcher, mode) in watchers)
            {
                var fires = (mode & WatchMode.PersistentRecursive) != 0 && type != EventType.NodeChildrenChanged
                            || atPath && (mode & (WatchMode.Standard | WatchMode.Persistent)) != 0;
                if (!fires) continue;
                (fired ??= []).Add(watcher);
                if (atPath && (mode & WatchMode.Standard) != 0) (drop ??= []).Add(watcher);
            }
            if (drop is not null)
                foreach (var watcher in drop) RemoveMode(current, watcher, WatchMode.Standard);
        }
        if (fired is null) return null;

        var watchedEvent = new WatcherEvent(type, KeeperState.SyncConnected, path);
        foreach (var watcher in fired)
        {
            if (suppress is null || !suppress.Contains(watcher)) watcher.Notify(watchedEvent);
        }
        return fired;
    }

    /// <summary>True when the watcher holds a watch of one of the modes on the path.</summary>
    public bool Contains(string path, IWatcher watcher, WatchMode modes) =>
        _byPath.TryGetValue(path, out var watchers) && watchers.TryGetValue(watcher, out var mode) && (mode & modes) != 0;

    /// <summary>Removes the watcher's watches of the given modes on the path; true when one was there.</summary>
    public bool Remove(string path, IWatcher watcher, WatchMode modes)
    {
        if (!Contains(path, watcher, modes)) return false;
        RemoveMode(path, watcher, modes);
        return true;
    }

    /// <summary>Drops every watch of a connection that went away.</summary>
    public void RemoveWatcher(IWatcher watcher)
    {
        if (!_byWatcher.TryGetValue(watcher, out var paths)) return;
        foreach (var path in paths.ToArray()) RemoveMode(path, watcher, WatchMode.Standard | WatchMode.Persistent | WatchMode.PersistentRecursive);
    }

    public IEnumerable<(string Path, IWatcher Watcher)> All() =>
        _byPath.SelectMany(entry => entry.Value.Keys.Select(watcher => (entry.Key, watcher)));

    public IReadOnlyCollection<string> PathsOf(IWatcher watcher) => _byWatcher.TryGetValue(watcher, out var paths) ? paths : [];

    private void RemoveMode(string path, IWatcher watcher, WatchMode modes)
    {
        var watchers = _byPath[path];
        var mode = watchers[watcher];
        var remaining = mode & ~modes;
        if ((mode & WatchMode.PersistentRecursive) != 0 && (remaining & WatchMode.PersistentRecursive) == 0) _recursiveCount--;
        if (remaining != WatchMode.None)
        {
            watchers[watcher] = remaining;
            return;
        }
        WatchCount--;
        watchers.Remove(watcher);
        if (watchers.Count == 0) _byPath.Remove(path);
        var paths = _byWatcher[watcher];
        paths.Remove(path);
        if (paths.Count == 0) _byWatcher.Remove(watcher);
    }

    private static string? ParentOrNull(string path) => path == ZkPath.Root ? null : ZkPath.Parent(path);
}
