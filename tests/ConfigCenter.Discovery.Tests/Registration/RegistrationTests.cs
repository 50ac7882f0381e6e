using System.Text.Json;
using ConfigCenter.Client;
using ConfigCenter.Testing.Network;
using ConfigCenter.Client.Watches;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConfigCenter.Discovery.Tests.Registration;

/// <summary>Self-registration in a generic host: the node, its owner, status changes, shutdown, and a new session.</summary>
[Collection(DiscoveryCollection.Name)]
public sealed class RegistrationTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task The_host_registers_an_ephemeral_Curator_node_at_startup_and_deletes_it_at_shutdown(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("register");
        await using var observer = await Registries.ConnectAsync(server.ConnectString);
        var path = $"{basePath}/orders/orders-1";
        var atStop = new NodeAtStop(observer, path);
        using var host = BuildHost(server.ConnectString, basePath, more: services => services.AddHostedService(_ => atStop));

        await host.StartAsync();

        var node = await observer.GetDataAsync(path);
        var connection = host.Services.GetRequiredService<ZkDiscoveryConnection>();
        Assert.Equal(connection.Client.SessionId, node.Stat.EphemeralOwner);
        using (var json = JsonDocument.Parse(node.Data))
        {
            var root = json.RootElement;
            Assert.Equal(
                ["name", "id", "address", "port", "sslPort", "payload", "registrationTimeUTC", "serviceType", "uriSpec"],
                root.EnumerateObject().Select(property => property.Name));
            Assert.Equal("orders", root.GetProperty("name").GetString());
            Assert.Equal("10.0.0.5", root.GetProperty("address").GetString());
            Assert.Equal(8080, root.GetProperty("port").GetInt32());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("sslPort").ValueKind);
            Assert.Equal("DYNAMIC", root.GetProperty("serviceType").GetString());
            var metadata = root.GetProperty("payload").GetProperty("metadata");
            Assert.Equal("UP", metadata.GetProperty("instance_status").GetString());
            Assert.Equal("eu-1a", metadata.GetProperty("zone").GetString());
            Assert.Equal("3", metadata.GetProperty("weight").GetString());
            Assert.Equal("2.0", metadata.GetProperty("version").GetString());
            Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("registrationTimeUTC").GetInt64()),
                DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        }
        // Parents are created for Curator's layout (as containers) and are not ephemeral.
        Assert.Equal(0, (await observer.ExistsAsync($"{basePath}/orders"))!.Value.EphemeralOwner);

        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await observer.ExistsAsync(path, Watcher.Create(e => { if (e.Type == EventType.NodeDeleted) deleted.TrySetResult(); }));
        await host.StopAsync();
        await deleted.Task.WaitAsync(TestTimeouts.Event);
        // The node was gone before any hosted service stopped (in a web host, before Kestrel stops accepting),
        // as seen by the host itself rather than by how soon this test thread runs after the event.
        Assert.False(await atStop.NodeExisted.WaitAsync(TestTimeouts.Event), "the node was still registered when the first hosted service stopped");
    }

    [Theory]
    [BothServerKinds]
    public async Task Status_changes_rewrite_the_node(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("status");
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath);
        using var host = BuildHost(server.ConnectString, basePath);
        await host.StartAsync();
        await consumer.WaitForAsync(snapshot => snapshot.RoutableInstances.Count == 1, "registered", service: "orders");
        var registrar = host.Services.GetRequiredService<IServiceRegistrar>();

        await registrar.SetStatusAsync(InstanceStatus.OutOfService);
        var drained = await consumer.WaitForAsync(snapshot => snapshot.RoutableInstances.Count == 0, "drained", service: "orders");
        Assert.Equal(InstanceStatus.OutOfService, Assert.Single(drained.Instances).Status);

        await registrar.SetStatusAsync(InstanceStatus.Up);
        await consumer.WaitForAsync(snapshot => snapshot.RoutableInstances.Count == 1, "back", service: "orders");
        await host.StopAsync();
    }

    [Theory]
    [BothServerKinds]
    public async Task After_a_session_expiry_the_instance_registers_again_on_the_new_session(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("reregister");
        await using var observer = await Registries.ConnectAsync(server.ConnectString);
        await using var proxy = TcpProxy.Start(server.ClientPort);
        using var host = BuildHost(proxy.ConnectString, basePath, TimeSpan.FromSeconds(2));
        var path = $"{basePath}/orders/orders-1";
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ZkDiscoveryConnection>().Client;
        var oldSession = client.SessionId;

        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await observer.ExistsAsync(path, Watcher.Create(e => { if (e.Type == EventType.NodeDeleted) deleted.TrySetResult(); }));
        proxy.Stall();
        await deleted.Task.WaitAsync(TestTimeouts.Event); // the server expired the session and its node

        var recreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await observer.ExistsAsync(path, Watcher.Create(e => { if (e.Type == EventType.NodeCreated) recreated.TrySetResult(); }));
        proxy.Resume();
        await recreated.Task.WaitAsync(TestTimeouts.Event);

        var node = await observer.GetDataAsync(path);
        Assert.NotEqual(oldSession, node.Stat.EphemeralOwner);
        Assert.Equal(client.SessionId, node.Stat.EphemeralOwner);
        await host.StopAsync();
    }

    [Theory]
    [BothServerKinds]
    public async Task A_leftover_node_of_another_session_is_replaced(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("leftover");
        await using var other = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(other, basePath, "orders", "orders-1", Registries.InstanceJson("orders", "orders-1", 1));
        using var host = BuildHost(server.ConnectString, basePath);

        await host.StartAsync();

        var node = await other.GetDataAsync($"{basePath}/orders/orders-1");
        Assert.Equal(host.Services.GetRequiredService<ZkDiscoveryConnection>().Client.SessionId, node.Stat.EphemeralOwner);
        Assert.Equal(8080, CuratorInstanceSerializer.Deserialize(node.Data).Port);
        await host.StopAsync();
    }

    private static IHost BuildHost(string connectString, string basePath, TimeSpan? sessionTimeout = null, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddZkDiscovery(options =>
        {
            options.ConnectString = connectString;
            options.BasePath = basePath;
            options.SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(6);
        });
        builder.Services.AddZkServiceRegistration(options =>
        {
            options.ServiceName = "orders";
            options.InstanceId = "orders-1";
            options.Address = "10.0.0.5";
            options.Port = 8080;
            options.Zone = "eu-1a";
            options.Weight = 3;
            options.Metadata["version"] = "2.0";
            options.DrainDelay = TimeSpan.FromMilliseconds(300);
        });
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>A hosted service that, when the host stops it, looks whether the instance node still exists.</summary>
    private sealed class NodeAtStop(ZooKeeperClient observer, string path) : IHostedService
    {
        private readonly TaskCompletionSource<bool> _existed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> NodeExisted => _existed.Task;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            try
            {
                _existed.TrySetResult(await observer.ExistsAsync(path, cancellationToken: cancellationToken) is not null);
            }
            catch (Exception exception)
            {
                _existed.TrySetException(exception);
            }
        }
    }
}
