using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Discovery.Tests.Fleet;

/// <summary>
/// The ZooKeeper server crashes (kill -9) and comes back on the same data: sessions survive (both
/// servers are durable), so registrations stay and consumers never drop an instance.
/// </summary>
[Collection(DiscoveryCollection.Name)]
public sealed class ServerRestartTests
{
    [Theory]
    [BothServerKinds]
    public async Task Registrations_survive_a_server_crash_and_restart(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, SharedServers.Options);
        var sessionTimeout = TimeSpan.FromSeconds(10);
        await using var fleet = await EchoFleet.StartAsync(server, "restart",
            new EchoSettings("a") { SessionTimeout = sessionTimeout },
            new EchoSettings("b") { SessionTimeout = sessionTimeout });
        await using var consumer = TestConsumer.Create(server.ConnectString, fleet.BasePath, sessionTimeout: sessionTimeout);
        await fleet.WaitUntilRegisteredAsync(consumer, "a", "b");
        var fewest = int.MaxValue;
        consumer.Discovery.InstancesChanged += (_, change) => Interlocked.Exchange(ref fewest, Math.Min(Volatile.Read(ref fewest), change.Current.RoutableInstances.Count));
        await using var observer = await Registries.ConnectAsync(server.ConnectString);
        var owners = await OwnersAsync(observer, fleet.BasePath);
        await observer.DisposeAsync();

        await server.KillAsync();
        await consumer.WaitForAsync(snapshot => snapshot.IsStale, "stale while the server is down");
        Assert.Equal(2, (await consumer.Discovery.GetInstancesAsync(TestConsumer.Service)).Count);
        await server.RestartAsync();

        var fresh = await consumer.WaitForAsync(snapshot => !snapshot.IsStale, "fresh after the restart");
        Assert.Equal(["a", "b"], fresh.RoutableInstances.Select(instance => instance.InstanceId));
        Assert.Equal(2, fewest);
        await using var afterwards = await Registries.ConnectAsync(server.ConnectString);
        Assert.Equal(owners, await OwnersAsync(afterwards, fleet.BasePath)); // the same sessions still hold the nodes
        Assert.Contains(await consumer.EchoAsync(), new[] { "a", "b" });
    }

    private static async Task<Dictionary<string, long>> OwnersAsync(Client.ZooKeeperClient client, string basePath)
    {
        var owners = new Dictionary<string, long>();
        foreach (var id in new[] { "a", "b" })
            owners[id] = (await client.ExistsAsync($"{basePath}/{TestConsumer.Service}/{id}"))!.Value.EphemeralOwner;
        return owners;
    }
}
