namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>What a <see cref="TreeCacheEvent"/> reports, named after Curator's TreeCacheEvent types.</summary>
public enum TreeCacheEventType
{
    /// <summary>A node appeared in the cache (at the initial load, after a resync, or when created).</summary>
    NodeAdded,

    /// <summary>A cached node changed (new data or version, or it was re-created).</summary>
    NodeUpdated,

    /// <summary>A node left the cache because it no longer exists.</summary>
    NodeRemoved,

    /// <summary>The initial load is complete: every node that existed then was reported as added.</summary>
    Initialized,

    /// <summary>The connection was suspended: the cache may fall behind until the reconnect.</summary>
    ConnectionSuspended,

    /// <summary>The client is connected again (same or new session); a resync reporting the differences follows.</summary>
    ConnectionReconnected,

    /// <summary>The session was lost; the cache keeps its last content until a new session resyncs it.</summary>
    ConnectionLost,
}
