namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>How a <see cref="TreeCache"/> learns of changes.</summary>
public enum TreeCacheWatchMode
{
    /// <summary>
    /// One persistent recursive watch on the root (ZooKeeper 3.6+ addWatch), as Curator's CuratorCache: one watch
    /// however large the tree. Falls back to <see cref="OneShot"/> when the server does not implement addWatch.
    /// </summary>
    PersistentRecursive,

    /// <summary>A data watch and a child watch on every cached node, set again each time one fires, as Curator's TreeCache.</summary>
    OneShot,
}
