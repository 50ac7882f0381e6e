using ConfigCenter.Client;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Network;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>Ends a provider's session the way a long network cut does, and proves the server expired it.</summary>
public static class ProviderSessions
{
    public static ZooKeeperClient ClientOf(ConfigurationUnderTest app) =>
        app.Root.Providers.OfType<ZkConfigurationProvider>().Single().ClientForTests
        ?? throw new InvalidOperationException("The provider is not running.");

    /// <summary>
    /// Holds every byte between the provider and the server until the server has expired the provider's
    /// session (its ephemeral node, seen vanishing by <paramref name="observer"/>), runs <paramref name="whileCutOff"/>,
    /// then drops the held bytes and lets the provider reconnect.
    /// </summary>
    public static async Task ExpireThroughProxyAsync(
        ConfigurationUnderTest app, ZooKeeperClient observer, TcpProxy proxy, string root, Func<Task> whileCutOff)
    {
        var ephemeral = $"{root}-session-marker-{Guid.NewGuid():N}";
        await ClientOf(app).CreateAsync(ephemeral, null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.NotNull(await observer.ExistsAsync(ephemeral, Watcher.Create(e =>
        {
            if (e.Type == EventType.NodeDeleted) deleted.TrySetResult();
        })));

        proxy.Stall();
        await deleted.Task.WaitAsync(TestTimeouts.Event);
        await whileCutOff();
        proxy.ResetConnections();
        proxy.Resume();
    }
}
