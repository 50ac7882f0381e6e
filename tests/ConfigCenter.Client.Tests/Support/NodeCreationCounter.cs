using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Tests.Support;

/// <summary>
/// Watches a subtree from a separate, directly connected client and lets a test await the moment a given
/// number of nodes exist there: proof that requests reached the server even when their replies did not.
/// </summary>
public sealed class NodeCreationCounter : IWatcher
{
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<string>> Done)> _waiters = [];
    private readonly List<string> _created = [];

    public static async Task<NodeCreationCounter> StartAsync(ZooKeeperClient observer, string root)
    {
        var counter = new NodeCreationCounter();
        await observer.AddWatchAsync(root, AddWatchMode.PersistentRecursive, counter);
        return counter;
    }

    public void Process(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type != EventType.NodeCreated) return;
        lock (_gate)
        {
            _created.Add(watchedEvent.Path!);
            foreach (var waiter in _waiters.Where(w => _created.Count >= w.Count)) waiter.Done.TrySetResult([.. _created]);
        }
    }

    public Task<IReadOnlyList<string>> WaitForAsync(int count)
    {
        lock (_gate)
        {
            var done = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_created.Count >= count) done.TrySetResult([.. _created]);
            else _waiters.Add((count, done));
            return done.Task.WaitAsync(TestTimeouts.Event);
        }
    }
}
