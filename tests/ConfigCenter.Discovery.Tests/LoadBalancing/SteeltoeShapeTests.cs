using System.Net.Sockets;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace ConfigCenter.Discovery.Tests.LoadBalancing;

/// <summary>The Steeltoe-shaped surfaces: IDiscoveryClient and ILoadBalancer from DI.</summary>
[Collection(DiscoveryCollection.Name)]
public sealed class SteeltoeShapeTests(SharedServers servers)
{
    [Fact]
    public async Task ILoadBalancer_rewrites_service_uris_and_ejects_an_instance_reported_unreachable_twice()
    {
        var server = await servers.GetAsync(ServerKind.ConfigCenter);
        var basePath = Registries.NewBasePath("steeltoe");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "a", Registries.InstanceJson(TestConsumer.Service, "a", 8001));
        await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, "b", Registries.InstanceJson(TestConsumer.Service, "b", 8002));
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath, more: services => services.AddZkLoadBalancer());
        var balancer = consumer.Services.GetRequiredService<ILoadBalancer>();
        IDiscoveryClient discovery = consumer.Services.GetRequiredService<IDiscoveryClient>();

        var instances = await discovery.GetInstancesAsync(TestConsumer.Service);
        Assert.Equal(["a", "b"], instances.Select(instance => instance.InstanceId));
        Assert.All(instances, instance => Assert.Equal(("127.0.0.1", false), (instance.Host, instance.IsSecure)));
        Assert.Null(discovery.GetLocalServiceInstance());

        var request = new Uri("http://echo/orders/7?expand=true");
        var first = await balancer.ResolveServiceInstanceAsync(request);
        var second = await balancer.ResolveServiceInstanceAsync(request);
        Assert.Equal(["http://127.0.0.1:8001/orders/7?expand=true", "http://127.0.0.1:8002/orders/7?expand=true"],
            new[] { first.ToString(), second.ToString() });

        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        await balancer.UpdateStatisticsAsync(request, second, null, refused);
        await balancer.UpdateStatisticsAsync(request, second, null, refused);
        for (var i = 0; i < 4; i++) Assert.Equal(8001, (await balancer.ResolveServiceInstanceAsync(request)).Port);

        await Assert.ThrowsAsync<ServiceUnavailableException>(() => balancer.ResolveServiceInstanceAsync(new Uri("http://nothing-here/")));
    }
}
