namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>Tells a lock holder that the lock it held is lost.</summary>
/// <param name="reason">Why the lock was lost.</param>
/// <param name="nodePath">The lock node the holder owned.</param>
public sealed class LockLostEventArgs(LockLostReason reason, string nodePath) : EventArgs
{
    /// <summary>Why the lock was lost.</summary>
    public LockLostReason Reason { get; } = reason;

    /// <summary>The lock node the holder owned.</summary>
    public string NodePath { get; } = nodePath;
}
