using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ServiceDiscovery;

namespace ConfigCenter.Discovery;

/// <summary>
/// One service's endpoints for Microsoft.Extensions.ServiceDiscovery, from the watch-maintained cache.
/// It never throws on a ZooKeeper outage (the watcher would hand the exception to the HTTP caller and
/// keep no last-known-good list): it serves the cached, possibly stale, list. It hands out the cache's
/// change token, taken before the snapshot is read, so the watcher refreshes on every registry change
/// without polling. Like the built-in providers it adds nothing when an earlier provider (configuration)
/// already answered, so <c>Services:orders:http</c> in configuration overrides the registry.
/// </summary>
public sealed class ZkServiceEndpointProvider : IServiceEndpointProvider
{
    private readonly ServiceEndpointQuery _query;
    private readonly ZkDiscoveryClient _discovery;
    private readonly ZkServiceEndpointOptions _options;
    private readonly ILogger _logger;

    internal ZkServiceEndpointProvider(
        ServiceEndpointQuery query, ZkDiscoveryClient discovery, ZkServiceEndpointOptions options, ILogger<ZkServiceEndpointProvider> logger)
    {
        _query = query;
        _discovery = discovery;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async ValueTask PopulateAsync(IServiceEndpointBuilder endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Endpoints.Count != 0) return;

        var serviceId = _query.ServiceName;
        var changed = _discovery.GetChangeToken(serviceId);
        var snapshot = await _discovery.GetSnapshotAsync(serviceId, cancellationToken).ConfigureAwait(false);
        endpoints.AddChangeToken(changed);

        var candidates = snapshot.RoutableInstances;
        if (_options.PreferredZone is { Length: > 0 } zone)
        {
            var local = candidates.Where(instance => string.Equals(instance.Zone, zone, StringComparison.OrdinalIgnoreCase)).ToList();
            if (local.Count > 0) candidates = local;
        }

        foreach (var (instance, address) in Addresses(candidates))
        {
            var features = new FeatureCollection();
            features.Set<IZkServiceInstanceFeature>(new ZkServiceInstanceFeature(instance));
            endpoints.Endpoints.Add(ServiceEndpoint.Create(new UriEndPoint(address), features));
        }
        _logger.LogDebug("Resolved {Query} to {Count} endpoints from {Snapshot}", _query, endpoints.Endpoints.Count, snapshot);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// The addresses for the query's schemes, as Microsoft.Extensions.ServiceDiscovery reads "https+http":
    /// the first scheme (in the query's order) that some instance serves, and only that one. A query
    /// without a scheme takes each instance's own (HTTPS when it has a TLS port).
    /// </summary>
    private IEnumerable<(ZkServiceInstance Instance, Uri Address)> Addresses(IReadOnlyList<ZkServiceInstance> instances)
    {
        if (_query.IncludedSchemes.Count == 0) return instances.Select(instance => (instance, instance.SecureUri ?? instance.NonSecureUri!));
        foreach (var scheme in _query.IncludedSchemes)
        {
            var serving = instances
                .Select(instance => (Instance: instance, Address: AddressFor(instance, scheme)))
                .Where(pair => pair.Address is not null)
                .Select(pair => (pair.Instance, pair.Address!))
                .ToList();
            if (serving.Count > 0) return serving;
        }
        return [];
    }

    private static Uri? AddressFor(ZkServiceInstance instance, string scheme) =>
        string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? instance.SecureUri
        : string.Equals(scheme, "http", StringComparison.OrdinalIgnoreCase) ? instance.NonSecureUri
        : null;

    /// <inheritdoc/>
    public override string ToString() => $"ZooKeeper registry endpoints of {_query}";
}
