using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Discovery;

/// <summary>HttpClient wiring: load balancing over the registry, and retrying on another instance.</summary>
public static class DiscoveryHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends this client's requests for <c>http://service/...</c> to instances chosen by a
    /// <see cref="ZkLoadBalancer"/> of its own (its own round-robin counter, in-flight counts and
    /// ejections), retrying idempotent requests on another instance after a connection failure
    /// (<see cref="ZkLoadBalancerOptions.MaxAttempts"/>).
    /// </summary>
    public static IHttpClientBuilder AddZkLoadBalancing(this IHttpClientBuilder builder, Action<ZkLoadBalancerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name ?? Options.DefaultName;
        builder.Services.AddZkDiscoveryClient();
        var options = builder.Services.AddOptions<ZkLoadBalancerOptions>(name);
        if (configure is not null) options.Configure(configure);
        builder.Services.TryAddKeyedSingleton(name, (provider, _) => new ZkLoadBalancer(
            provider.GetRequiredService<ZkDiscoveryClient>(),
            provider.GetRequiredService<IOptionsMonitor<ZkLoadBalancerOptions>>().Get(name),
            provider.GetRequiredService<ILogger<ZkLoadBalancer>>()));

        // Outer to inner: retry, then resolve, so that every retry resolves again, to an instance not tried.
        builder.AddHttpMessageHandler(provider => new RetryOnConnectionFailureHandler(
            provider.GetRequiredKeyedService<ZkLoadBalancer>(name).Options.MaxAttempts,
            provider.GetRequiredService<ILogger<RetryOnConnectionFailureHandler>>()));
        builder.AddHttpMessageHandler(provider => new LoadBalancingHttpHandler(provider.GetRequiredKeyedService<ZkLoadBalancer>(name)));
        return builder;
    }

    /// <summary>
    /// Retries idempotent requests after a connection failure, up to <paramref name="maxAttempts"/> sends.
    /// Add it before <c>AddServiceDiscovery()</c> so every retry resolves (and round-robins) again.
    /// </summary>
    public static IHttpClientBuilder AddRetryOnConnectionFailure(this IHttpClientBuilder builder, int maxAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        builder.AddHttpMessageHandler(provider => new RetryOnConnectionFailureHandler(
            maxAttempts, provider.GetRequiredService<ILogger<RetryOnConnectionFailureHandler>>()));
        return builder;
    }
}
