namespace ConfigCenter.Client.Watches;

/// <summary>The five watch tables a client keeps, as ZooKeeper's client watch manager does.</summary>
internal enum WatchKind
{
    /// <summary>getData, or exists on a node that exists: fires on change or delete.</summary>
    Data,

    /// <summary>exists on a node that does not exist: fires on create.</summary>
    Exist,

    /// <summary>getChildren: fires on child change or delete.</summary>
    Child,

    /// <summary>addWatch(Persistent): data, child and existence events of one node, until removed.</summary>
    Persistent,

    /// <summary>addWatch(PersistentRecursive): data and existence events of a node and all below it.</summary>
    PersistentRecursive,
}
