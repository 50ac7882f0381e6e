using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// A one-shot watcher that wakes one waiting loop: on any node event, or when the session or the client
/// ends (the loop then looks again and meets the error). A disconnection does not wake it: the client
/// sets the watch again after reconnecting and reports changes made meanwhile.
/// </summary>
internal sealed class WakeUpWatcher(Action? onNodeEvent = null) : IWatcher
{
    private readonly TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the watcher fires.</summary>
    public Task Woken => _woken.Task;

    public void Process(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type != EventType.None)
        {
            onNodeEvent?.Invoke();
            _woken.TrySetResult();
        }
        else if (watchedEvent.State is KeeperState.Expired or KeeperState.Closed or KeeperState.AuthFailed)
        {
            _woken.TrySetResult();
        }
    }
}
