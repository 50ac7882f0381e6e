using System.Net;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ServiceDiscovery;

namespace ConfigCenter.Discovery.Tests.ServiceDiscovery;

/// <summary>Microsoft.Extensions.ServiceDiscovery resolving service names through the registry.</summary>
[Collection(DiscoveryCollection.Name)]
public sealed class EndpointProviderTests(SharedServers servers)
{
    [Fact]
    public async Task The_resolver_follows_registry_changes_by_change_token_not_by_polling()
    {
        var server = await servers.GetAsync(ServerKind.ConfigCenter);
        var basePath = Registries.NewBasePath("mesd");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "a", Registries.InstanceJson("orders", "a", 8001));
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "b", Registries.InstanceJson("orders", "b", 8002, status: "OUT_OF_SERVICE"));
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath, more: services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            // A refresh period far beyond the test: only the registry's change token can update the resolver.
            services.AddServiceDiscovery(options => options.RefreshPeriod = TimeSpan.FromHours(1));
            services.AddZkServiceEndpointProvider();
        });
        var resolver = consumer.Services.GetRequiredService<ServiceEndpointResolver>();

        var first = await resolver.GetEndpointsAsync("http://orders", CancellationToken.None);
        Assert.Equal(["http://127.0.0.1:8001/"], Addresses(first));
        Assert.Equal("a", first.Endpoints[0].Features.Get<IZkServiceInstanceFeature>()!.Instance.InstanceId);

        var changed = consumer.WaitForAsync(snapshot => snapshot.RoutableInstances.Count == 2, "two routable", service: "orders");
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "c", Registries.InstanceJson("orders", "c", 8003));
        await changed;

        var second = await resolver.GetEndpointsAsync("http://orders", CancellationToken.None);
        Assert.Equal(["http://127.0.0.1:8001/", "http://127.0.0.1:8003/"], Addresses(second));
    }

    [Fact]
    public async Task Configuration_entries_take_precedence_and_https_is_only_offered_by_TLS_instances()
    {
        var server = await servers.GetAsync(ServerKind.ConfigCenter);
        var basePath = Registries.NewBasePath("mesd-config");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "a", Registries.InstanceJson("orders", "a", 8001));
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "tls", CuratorInstanceSerializer.Serialize(
            new ZkServiceInstance("orders", "tls", "127.0.0.1", null, 8443)));
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath, more: services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Services:pinned:http:0"] = "http://localhost:9999" })
                .Build());
            services.AddServiceDiscovery();
            services.AddZkServiceEndpointProvider();
        });
        var resolver = consumer.Services.GetRequiredService<ServiceEndpointResolver>();

        Assert.Equal(["http://localhost:9999/"], Addresses(await resolver.GetEndpointsAsync("http://pinned", CancellationToken.None)));
        Assert.Equal(["https://127.0.0.1:8443/"], Addresses(await resolver.GetEndpointsAsync("https://orders", CancellationToken.None)));
        // "https+http": HTTPS while any instance serves it, plain HTTP only when none does.
        Assert.Equal(["https://127.0.0.1:8443/"], Addresses(await resolver.GetEndpointsAsync("https+http://orders", CancellationToken.None)));
        Assert.Equal(["http://127.0.0.1:8001/"], Addresses(await resolver.GetEndpointsAsync("http+https://orders", CancellationToken.None)));
    }

    [Fact]
    public async Task An_HttpClient_with_AddServiceDiscovery_sends_http_orders_to_a_registered_instance()
    {
        var server = await servers.GetAsync(ServerKind.ConfigCenter);
        var basePath = Registries.NewBasePath("mesd-http");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "a", Registries.InstanceJson("orders", "a", 8001));
        await Registries.CreateInstanceNodeAsync(writer, basePath, "orders", "b", Registries.InstanceJson("orders", "b", 8002));
        var seen = new List<Uri>();
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath, more: services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddServiceDiscovery();
            services.AddZkServiceEndpointProvider();
            services.AddHttpClient("orders", client => client.BaseAddress = new Uri("http://orders"))
                .ConfigurePrimaryHttpMessageHandler(() => new StubHandler(request =>
                {
                    lock (seen) seen.Add(request.RequestUri!);
                    return new HttpResponseMessage(HttpStatusCode.OK);
                }))
                .AddServiceDiscovery();
        });
        var http = consumer.Services.GetRequiredService<IHttpClientFactory>().CreateClient("orders");

        for (var i = 0; i < 4; i++) (await http.GetAsync("/items?page=2")).EnsureSuccessStatusCode();

        Assert.Equal(4, seen.Count);
        Assert.All(seen, uri => Assert.Equal("/items?page=2", uri.PathAndQuery));
        Assert.Equal([8001, 8002], seen.Select(uri => uri.Port).Distinct().Order());
    }

    private static string[] Addresses(ServiceEndpointSource source) => [.. source.Endpoints.Select(endpoint => endpoint.EndPoint.ToString()!)];
}
