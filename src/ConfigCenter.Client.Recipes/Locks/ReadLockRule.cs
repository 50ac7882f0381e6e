namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>
/// A reader holds the lock when no writer is queued ahead of it, so readers share while a writer waiting
/// ahead of them is never overtaken (no writer starvation). A reader waits for the nearest writer ahead: when
/// that one goes, only the readers directly behind it wake. A reader whose own read-write lock instance
/// holds the write lock gets the read lock at once (a writer may take the read lock, as in Curator).
/// </summary>
internal sealed class ReadLockRule(Func<bool> writeLockHeldHere) : ILockRule
{
    public string NodeName => LockNodeNames.Read;

    public bool IsContender(string childName) =>
        LockNodeNames.Is(childName, LockNodeNames.Read) || LockNodeNames.Is(childName, LockNodeNames.Write);

    public LockDecision Decide(IReadOnlyList<string> sortedContenders, int ourIndex)
    {
        if (writeLockHeldHere()) return LockDecision.Granted;
        for (var index = ourIndex - 1; index >= 0; index--)
        {
            if (LockNodeNames.Is(sortedContenders[index], LockNodeNames.Write)) return LockDecision.WaitFor(sortedContenders[index]);
        }
        return LockDecision.Granted;
    }
}
