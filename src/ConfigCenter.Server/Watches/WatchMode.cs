namespace ConfigCenter.Server.Watches;

/// <summary>The kinds of watch one watcher may hold on one path at once.</summary>
[Flags]
internal enum WatchMode
{
    None = 0,

    /// <summary>One-shot: removed when it fires.</summary>
    Standard = 1,

    /// <summary>addWatch PERSISTENT: fires for the node itself until removed.</summary>
    Persistent = 2,

    /// <summary>addWatch PERSISTENT_RECURSIVE: fires for the node and every descendant, but never NodeChildrenChanged.</summary>
    PersistentRecursive = 4,
}
