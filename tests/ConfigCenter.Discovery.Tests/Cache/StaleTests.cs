using ConfigCenter.Client;
using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Watches;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Discovery.Tests.Cache;

/// <summary>
/// A consumer cut off from ZooKeeper (through a stalling proxy) keeps serving what it knew, marked
/// stale, and catches up with everything that happened meanwhile when it is back, on the same or on a new session.
/// </summary>
[Collection(DiscoveryCollection.Name)]
public sealed class StaleTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task A_lost_connection_serves_the_last_list_as_stale_and_catches_up_on_reconnect(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("stale");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "a", Registries.InstanceJson(TestConsumer.Service, "a", 8001));
        var b = await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "b", Registries.InstanceJson(TestConsumer.Service, "b", 8002));
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var consumer = TestConsumer.Create(proxy.ConnectString, basePath, sessionTimeout: TimeSpan.FromSeconds(8));
        await consumer.WaitForRoutableAsync("a", "b");

        proxy.Stall();
        proxy.ResetConnections();
        var stale = await consumer.WaitForAsync(snapshot => snapshot.IsStale, "stale");
        Assert.Equal(["a", "b"], stale.RoutableInstances.Select(instance => instance.InstanceId));
        Assert.Equal(2, (await consumer.Discovery.GetInstancesAsync(TestConsumer.Service)).Count);

        // Meanwhile the registry changes; none of it can reach the consumer yet.
        await writer.DeleteAsync(b);
        await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "c", Registries.InstanceJson(TestConsumer.Service, "c", 8003));
        proxy.Resume();

        var fresh = await consumer.WaitForAsync(snapshot => !snapshot.IsStale, "fresh again");
        Assert.Equal(["a", "c"], fresh.RoutableInstances.Select(instance => instance.InstanceId));
    }

    [Theory]
    [BothServerKinds]
    public async Task After_its_session_expired_the_consumer_serves_stale_then_watches_again_on_the_new_session(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("expired");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "a", Registries.InstanceJson(TestConsumer.Service, "a", 8001));
        var b = await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "b", Registries.InstanceJson(TestConsumer.Service, "b", 8002));
        await using var proxy = TcpProxy.Start(server.ClientPort);
        await using var consumer = TestConsumer.Create(proxy.ConnectString, basePath, sessionTimeout: TimeSpan.FromSeconds(2));
        await consumer.WaitForRoutableAsync("a", "b");
        var oldSession = consumer.Connection.Client.SessionId;

        // An ephemeral of the consumer's session tells the writer when the server expired that session.
        var marker = $"{basePath}/marker-{oldSession:x}";
        await consumer.Connection.Client.CreateAsync(marker, null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        var markerGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await writer.ExistsAsync(marker, Watcher.Create(e => { if (e.Type == EventType.NodeDeleted) markerGone.TrySetResult(); }));
        proxy.Stall();
        await markerGone.Task.WaitAsync(TestTimeouts.Event);

        // The consumer gives up on the silent connection after two thirds of its session timeout, the server
        // expires the session after all of it: usually stale by now, but on a loaded machine its cache may
        // not have published that yet. Waited for, not assumed.
        var stale = await consumer.WaitForAsync(snapshot => snapshot.IsStale, "stale");
        Assert.Equal(["a", "b"], stale.RoutableInstances.Select(instance => instance.InstanceId));

        await writer.DeleteAsync(b);
        proxy.Resume();
        var fresh = await consumer.WaitForAsync(snapshot => !snapshot.IsStale && snapshot.Instances.Count == 1, "fresh on the new session");
        Assert.Equal("a", fresh.Instances[0].InstanceId);
        Assert.NotEqual(oldSession, consumer.Connection.Client.SessionId);
        Assert.Equal(ConnectionState.Connected, consumer.Connection.Client.CurrentState);

        // The watch lives on the new session: later changes still arrive.
        await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "d", Registries.InstanceJson(TestConsumer.Service, "d", 8004));
        await consumer.WaitForRoutableAsync("a", "d");
    }
}
