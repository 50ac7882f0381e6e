namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>Which nodes of a lock's directory contend, what this side's nodes are called, and who holds the lock.</summary>
internal interface ILockRule
{
    /// <summary>The name (before the sequence) of the nodes this side creates, e.g. "lock-".</summary>
    string NodeName { get; }

    /// <summary>True for the children of the lock's directory that take part in the queue.</summary>
    bool IsContender(string childName);

    /// <summary>Decides for the contender at <paramref name="ourIndex"/> of the contenders in sequence order.</summary>
    LockDecision Decide(IReadOnlyList<string> sortedContenders, int ourIndex);
}
