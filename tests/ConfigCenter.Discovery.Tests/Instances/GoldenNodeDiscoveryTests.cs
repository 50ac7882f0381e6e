using System.Text;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Discovery.Tests.Instances;

/// <summary>Nodes written by someone else (a plain znode create of Curator JSON, as Spring would) are discovered.</summary>
[Collection(DiscoveryCollection.Name)]
public sealed class GoldenNodeDiscoveryTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task A_Spring_registration_written_by_a_plain_create_is_discovered_and_followed(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("golden");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        var path = await Registries.CreateInstanceNodeAsync(
            writer, basePath, "orders", "ef010ed8-4b29-4a6f-aaad-f65d463c733b", Encoding.UTF8.GetBytes(GoldenSamples.SpringOrders));
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath, discovery: options => options.ProtectionThreshold = 0);

        var instances = await consumer.Discovery.GetInstancesAsync("orders");

        var instance = Assert.Single(instances);
        Assert.Equal(("orders", "ef010ed8-4b29-4a6f-aaad-f65d463c733b", "10.0.0.12", 8080, false),
            (instance.ServiceId, instance.InstanceId, instance.Host, instance.Port, instance.IsSecure));
        Assert.Equal(new Uri("http://10.0.0.12:8080"), instance.Uri);
        Assert.Equal("UP", instance.Metadata[MetadataKeys.InstanceStatus]);
        Assert.Contains("orders", await consumer.Discovery.GetServiceIdsAsync());

        // Spring's POST /serviceregistry status=OUT_OF_SERVICE rewrites the node's data: it leaves rotation.
        var outOfService = GoldenSamples.SpringOrders.Replace("\"instance_status\":\"UP\"", "\"instance_status\":\"OUT_OF_SERVICE\"", StringComparison.Ordinal);
        await writer.SetDataAsync(path, Encoding.UTF8.GetBytes(outOfService));
        await consumer.WaitForAsync(snapshot => snapshot.RoutableInstances.Count == 0 && snapshot.Instances.Count == 1, "out of service", service: "orders");
        Assert.Empty(await consumer.Discovery.GetInstancesAsync("orders"));

        await writer.DeleteAsync(path);
        await consumer.WaitForAsync(snapshot => snapshot.Instances.Count == 0, "gone", service: "orders");
    }

    [Theory]
    [BothServerKinds]
    public async Task Nodes_that_are_not_Curator_instances_are_ignored(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("junk");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "junk", Encoding.UTF8.GetBytes("not json"), CreateMode.Persistent);
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "good", Registries.InstanceJson("orders", "good", 8080));
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath);

        var snapshot = await consumer.Discovery.GetSnapshotAsync("orders");

        Assert.Equal(["good"], snapshot.Instances.Select(instance => instance.InstanceId));
        Assert.Equal(1, snapshot.RegisteredCount);
    }
}
