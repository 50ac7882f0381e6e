namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>Why a held lock (or a leadership built on one) was lost.</summary>
public enum LockLostReason
{
    /// <summary>The server expired the session: its ephemeral lock node is gone and another contender may hold the lock.</summary>
    SessionExpired,

    /// <summary>The client was closed, or the server refused its credentials: the session ends.</summary>
    ClientClosed,

    /// <summary>The lock node was deleted by someone else (an operator, a buggy peer) while the session lived.</summary>
    NodeDeleted,
}
