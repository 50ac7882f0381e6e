using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace ConfigCenter.Discovery;

/// <summary>Registers the registry connection, self-registration, discovery, load balancing and the ME.ServiceDiscovery provider.</summary>
public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>The ZooKeeper session and registry root shared by everything below; safe to call more than once.</summary>
    public static IServiceCollection AddZkDiscovery(this IServiceCollection services, Action<ZkDiscoveryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ZkDiscoveryOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(provider => new ZkDiscoveryConnection(
            provider.GetRequiredService<IOptions<ZkDiscoveryOptions>>(), provider.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Registers the running application in the registry at startup and deregisters it on shutdown
    /// (see <see cref="ZkRegistrationOptions"/>); <see cref="IServiceRegistrar"/> changes its status at run time.
    /// </summary>
    public static IServiceCollection AddZkServiceRegistration(this IServiceCollection services, Action<ZkRegistrationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddZkDiscovery();
        services.AddOptions<ZkRegistrationOptions>().Configure(configure);
        services.TryAddSingleton<ZkServiceRegistrar>();
        services.TryAddSingleton<IServiceRegistrar>(provider => provider.GetRequiredService<ZkServiceRegistrar>());
        services.AddHostedService<ZkRegistrationHostedService>();
        return services;
    }

    /// <summary>The watch-maintained discovery cache, as <see cref="ZkDiscoveryClient"/> and <see cref="IDiscoveryClient"/>.</summary>
    public static IServiceCollection AddZkDiscoveryClient(this IServiceCollection services, Action<ZkDiscoveryClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddZkDiscovery();
        var options = services.AddOptions<ZkDiscoveryClientOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(provider => new ZkDiscoveryClient(
            provider.GetRequiredService<ZkDiscoveryConnection>(),
            provider.GetRequiredService<IOptions<ZkDiscoveryClientOptions>>(),
            provider.GetRequiredService<ILogger<ZkDiscoveryClient>>(),
            provider.GetService<IServiceRegistrar>()));
        services.TryAddSingleton<IDiscoveryClient>(provider => provider.GetRequiredService<ZkDiscoveryClient>());
        return services;
    }

    /// <summary>A process-wide <see cref="ZkLoadBalancer"/>, also as Steeltoe-shaped <see cref="ILoadBalancer"/>.</summary>
    public static IServiceCollection AddZkLoadBalancer(this IServiceCollection services, Action<ZkLoadBalancerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddZkDiscoveryClient();
        var options = services.AddOptions<ZkLoadBalancerOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(provider => new ZkLoadBalancer(
            provider.GetRequiredService<ZkDiscoveryClient>(),
            provider.GetRequiredService<IOptions<ZkLoadBalancerOptions>>().Value,
            provider.GetRequiredService<ILogger<ZkLoadBalancer>>()));
        services.TryAddSingleton<ILoadBalancer>(provider => provider.GetRequiredService<ZkLoadBalancer>());
        return services;
    }

    /// <summary>
    /// Lets Microsoft.Extensions.ServiceDiscovery resolve service names through the registry. Call it
    /// with <c>AddServiceDiscovery()</c> (either order: configuration entries still take precedence).
    /// </summary>
    public static IServiceCollection AddZkServiceEndpointProvider(this IServiceCollection services, Action<ZkServiceEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddZkDiscoveryClient();
        var options = services.AddOptions<ZkServiceEndpointOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceEndpointProviderFactory, ZkServiceEndpointProviderFactory>());
        return services;
    }
}
