namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// The first contender holds the lock; each other one waits for the contender just before it, so a
/// release wakes exactly the next waiter. Serves the mutex (one node name) and the write side of the
/// read-write lock (which queues behind readers and writers alike).
/// </summary>
internal sealed class ExclusiveLockRule(string nodeName, params string[] contenderNames) : ILockRule
{
    private readonly string[] _contenderNames = contenderNames.Length == 0 ? [nodeName] : contenderNames;

    public string NodeName => nodeName;

    public bool IsContender(string childName) => _contenderNames.Any(name => LockNodeNames.Is(childName, name));

    public LockDecision Decide(IReadOnlyList<string> sortedContenders, int ourIndex) =>
        ourIndex == 0 ? LockDecision.Granted : LockDecision.WaitFor(sortedContenders[ourIndex - 1]);
}
