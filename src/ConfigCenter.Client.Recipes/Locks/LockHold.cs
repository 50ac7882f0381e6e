namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>One holding of a lock by a mutex instance: its node, how often it was re-entered, and whether it is lost.</summary>
internal sealed class LockHold(string nodePath)
{
    private readonly CancellationTokenSource _lost = new();

    public string NodePath { get; } = nodePath;

    /// <summary>How many acquisitions the holder has not released yet (guarded by the mutex's lock).</summary>
    public int Count { get; set; } = 1;

    /// <summary>Set once, when the lock is known lost (guarded by the mutex's lock).</summary>
    public bool IsLost { get; set; }

    /// <summary>Cancelled when the hold is lost.</summary>
    public CancellationToken LostToken => _lost.Token;

    /// <summary>
    /// Cancels <see cref="LostToken"/> on a pool thread: its callbacks are the holder's code and must not run
    /// on the client's event thread, where this is called from.
    /// </summary>
    public void SignalLost() => _ = _lost.CancelAsync();
}
