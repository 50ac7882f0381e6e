using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConfigCenter.Discovery.Tests.Registration;

/// <summary>A leader failover of the ensemble keeps registrations: the session, and with it the ephemeral node, moves to another member.</summary>
[Collection(DiscoveryCollection.Name)]
public sealed class EnsembleFailoverTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(60);

    [Theory]
    [BothServerKinds]
    public async Task A_leader_failover_keeps_the_registration_and_the_consumers_view(ServerKind kind)
    {
        await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 3);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        var basePath = Registries.NewBasePath("ensemble");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddZkDiscovery(options =>
        {
            options.ConnectString = ensemble.ConnectString;
            options.BasePath = basePath;
            options.SessionTimeout = TimeSpan.FromSeconds(20);
        });
        builder.Services.AddZkServiceRegistration(options =>
        {
            options.ServiceName = "orders";
            options.InstanceId = "orders-1";
            options.Address = "10.0.0.5";
            options.Port = 8080;
        });
        builder.Services.AddZkDiscoveryClient();
        using var host = builder.Build();
        await host.StartAsync();
        var path = $"{basePath}/orders/orders-1";
        var survivors = ensemble.Members.Where(m => m != leader).Select(m => m.ConnectString).ToList();
        var connection = host.Services.GetRequiredService<ZkDiscoveryConnection>();
        var owner = connection.Client.SessionId;
        var discovery = host.Services.GetRequiredService<ZkDiscoveryClient>();
        Assert.Single(await discovery.GetInstancesAsync("orders"));

        await leader.KillAsync();
        await ensemble.WaitForLeaderAsync(Election);
        // Connected after the failover: every member dropped its clients while electing.
        await using var observer = await Registries.ConnectAsync(string.Join(",", survivors));
        // sync brings the observer's member up to the new leader.
        await observer.SyncAsync(path);

        Assert.Equal(owner, (await observer.GetDataAsync(path)).Stat.EphemeralOwner);
        Assert.Equal(owner, connection.Client.SessionId);
        var instances = await discovery.GetInstancesAsync("orders");
        Assert.Equal("orders-1", Assert.Single(instances).InstanceId);
        await host.StopAsync();
    }
}
