namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>What a lock rule says about one contender: it holds the lock, or it waits for one node to go.</summary>
/// <param name="Acquired">True when the contender holds the lock.</param>
/// <param name="NodeToWatch">When not acquired, the name of the only node whose deletion may change that.</param>
internal readonly record struct LockDecision(bool Acquired, string? NodeToWatch)
{
    public static LockDecision Granted { get; } = new(true, null);

    public static LockDecision WaitFor(string nodeName) => new(false, nodeName);
}
