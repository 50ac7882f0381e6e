// Calls the echo service's instances found in the registry and prints who answered, either through
// this library's load balancer (policies, retry on another instance) or through
// Microsoft.Extensions.ServiceDiscovery with the registry as endpoint provider:
//   dotnet run --project samples/ConfigCenter.Samples.Consumer -- --Consumer:Mode=ServiceDiscovery --Consumer:Requests=10
using ConfigCenter.Discovery;
using ConfigCenter.Samples.Consumer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// appsettings.json next to the binary, wherever the process is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var consumer = builder.Configuration.GetSection("Consumer").Get<ConsumerOptions>() ?? new ConsumerOptions();
var baseAddress = new Uri($"http://{consumer.Service}/");

builder.Services.AddZkDiscovery(options => builder.Configuration.GetSection("Discovery").Bind(options));
// The cache's behaviour (protection threshold, how long a first lookup waits for the registry).
builder.Services.AddZkDiscoveryClient(options => builder.Configuration.GetSection("DiscoveryClient").Bind(options));

// Our load balancer: any policy, zone preference, retry of idempotent requests on another instance.
builder.Services.AddHttpClient(EchoCaller.LoadBalancerClient, client => client.BaseAddress = baseAddress)
    .AddZkLoadBalancing(options =>
    {
        options.Policy = consumer.Policy;
        options.PreferredZone = consumer.Zone;
        options.Seed = consumer.Seed;
    });

// Microsoft.Extensions.ServiceDiscovery resolving http://echo through the registry (round robin).
builder.Services.AddServiceDiscovery();
builder.Services.AddZkServiceEndpointProvider(options => options.PreferredZone = consumer.Zone);
builder.Services.AddHttpClient(EchoCaller.ServiceDiscoveryClient, client => client.BaseAddress = baseAddress)
    .AddRetryOnConnectionFailure()
    .AddServiceDiscovery();

using var host = builder.Build();
await host.StartAsync();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
var failures = await new EchoCaller(host.Services, consumer).RunAsync(lifetime.ApplicationStopping);
await host.StopAsync();
return failures == 0 ? 0 : 1;
