using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>
/// A consumer as an application would build it (DI: connection, discovery client, a load-balanced
/// HttpClient for http://echo), with its own ZooKeeper session, plus event-driven waits on its view.
/// </summary>
public sealed class TestConsumer : IAsyncDisposable
{
    public const string Service = "echo";

    private readonly ServiceProvider _provider;

    private TestConsumer(ServiceProvider provider)
    {
        _provider = provider;
        Discovery = provider.GetRequiredService<ZkDiscoveryClient>();
        Http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(Service);
    }

    public ZkDiscoveryClient Discovery { get; }

    public HttpClient Http { get; }

    public ZkDiscoveryConnection Connection => _provider.GetRequiredService<ZkDiscoveryConnection>();

    public ZkLoadBalancer LoadBalancer => _provider.GetRequiredKeyedService<ZkLoadBalancer>(Service);

    public IServiceProvider Services => _provider;

    public static TestConsumer Create(
        string connectString, string basePath, Action<ZkLoadBalancerOptions>? loadBalancing = null,
        Action<ZkDiscoveryClientOptions>? discovery = null, TimeSpan? sessionTimeout = null, CapturedLogs? logs = null,
        Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null) logging.AddProvider(logs);
        });
        services.AddZkDiscovery(options =>
        {
            options.ConnectString = connectString;
            options.BasePath = basePath;
            options.SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(4);
        });
        services.AddZkDiscoveryClient(options =>
        {
            // A first lookup waits for the registry as long as a test waits for anything: past the product's
            // 5 s default, which a loaded machine can exceed, it would answer with nothing, by design.
            options.InitialLoadTimeout = TestTimeouts.Event;
            discovery?.Invoke(options);
        });
        services.AddHttpClient(Service, client =>
            {
                client.BaseAddress = new Uri($"http://{Service}/");
                client.Timeout = TimeSpan.FromSeconds(10);
            })
            .AddZkLoadBalancing(loadBalancing);
        more?.Invoke(services);
        return new TestConsumer(services.BuildServiceProvider());
    }

    /// <summary>Waits, without polling, until the service's snapshot satisfies <paramref name="condition"/>.</summary>
    public Task<ServiceInstancesSnapshot> WaitForAsync(
        Func<ServiceInstancesSnapshot, bool> condition, string description, TimeSpan? timeout = null, string service = Service) =>
        SnapshotWaits.WaitForAsync(Discovery, service, condition, description, timeout ?? TestTimeouts.Event);

    /// <summary>Waits until exactly these instance ids are routable.</summary>
    public Task<ServiceInstancesSnapshot> WaitForRoutableAsync(params string[] instanceIds) => WaitForRoutableAsync(TestTimeouts.Event, instanceIds);

    /// <summary>Waits, at most <paramref name="timeout"/>, until exactly these instance ids are routable.</summary>
    public Task<ServiceInstancesSnapshot> WaitForRoutableAsync(TimeSpan timeout, params string[] instanceIds) =>
        WaitForAsync(
            snapshot => snapshot.RoutableInstances.Select(instance => instance.InstanceId).Order(StringComparer.Ordinal)
                .SequenceEqual(instanceIds.Order(StringComparer.Ordinal)),
            $"routable = [{string.Join(", ", instanceIds)}]", timeout);

    /// <summary>Sends GET / and returns the id of the instance that answered.</summary>
    public async Task<string> EchoAsync(CancellationToken cancellationToken = default)
    {
        var reply = await Http.GetFromJsonAsync<EchoReply>("/", cancellationToken);
        return reply?.InstanceId ?? throw new InvalidOperationException("Empty echo reply.");
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();

    private sealed record EchoReply(string InstanceId);
}
