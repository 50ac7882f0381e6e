using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace ConfigCenter.Discovery;

/// <summary>
/// Lets Microsoft.Extensions.ServiceDiscovery resolve <c>http://orders</c> (or <c>https+http://orders</c>)
/// through the registry: registered with <see cref="DiscoveryServiceCollectionExtensions.AddZkServiceEndpointProvider"/>.
/// </summary>
public sealed class ZkServiceEndpointProviderFactory(
    ZkDiscoveryClient discovery, IOptions<ZkServiceEndpointOptions> options, ILogger<ZkServiceEndpointProvider> logger)
    : IServiceEndpointProviderFactory
{
    /// <inheritdoc/>
    public bool TryCreateProvider(ServiceEndpointQuery query, [NotNullWhen(true)] out IServiceEndpointProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (options.Value.ServiceNameFilter is { } filter && !filter(query.ServiceName))
        {
            provider = null;
            return false;
        }
        provider = new ZkServiceEndpointProvider(query, discovery, options.Value, logger);
        return true;
    }
}
