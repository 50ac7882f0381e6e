using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Watches;

namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>Waits, by child watches rather than polling, until a node's children satisfy a condition.</summary>
public static class ChildrenWait
{
    public static async Task<IReadOnlyList<string>> UntilAsync(ZooKeeperClient client, string path, Func<IReadOnlyList<string>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        IReadOnlyList<string> children = [];
        try
        {
            while (true)
            {
                var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var watcher = Watcher.Create(_ => changed.TrySetResult());
                try
                {
                    children = await client.GetChildrenAsync(path, watcher, timeout.Token);
                }
                catch (NoNodeException)
                {
                    children = [];
                    await client.ExistsAsync(path, watcher, timeout.Token);
                }
                if (condition(children)) return children;
                await changed.Task.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The children of {path} did not reach the expected state within {TestTimeouts.Event}; last seen: {string.Join(", ", children)}");
        }
    }

    public static Task<IReadOnlyList<string>> CountAsync(ZooKeeperClient client, string path, int count) =>
        UntilAsync(client, path, children => children.Count == count);
}
