using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Discovery;

/// <summary>
/// Chooses instances of services from the discovery cache with a <see cref="ILoadBalancingStrategy"/> per
/// service, skipping instances excluded for the request and those ejected after connection failures,
/// and counts requests in flight for least-outstanding-requests.
/// </summary>
public sealed class ZkLoadBalancer : ILoadBalancer
{
    private readonly ZkDiscoveryClient _discovery;
    private readonly ZkLoadBalancerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ILoadBalancingStrategy> _strategies = new(StringComparer.Ordinal);
    private readonly InFlightRequests _outstanding = new();
    private readonly FailedInstanceTracker _failures;

    /// <summary>Creates a load balancer over <paramref name="discovery"/>.</summary>
    public ZkLoadBalancer(ZkDiscoveryClient discovery, ZkLoadBalancerOptions options, ILogger<ZkLoadBalancer> logger)
        : this(discovery, options, logger, TimeProvider.System)
    {
    }

    internal ZkLoadBalancer(ZkDiscoveryClient discovery, ZkLoadBalancerOptions options, ILogger<ZkLoadBalancer> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _discovery = discovery;
        _options = options;
        _logger = logger;
        _failures = new FailedInstanceTracker(options.FailuresBeforeEjection, options.EjectionDuration, time);
    }

    /// <summary>The options in force.</summary>
    public ZkLoadBalancerOptions Options => _options;

    /// <summary>Requests in flight per instance, as the strategies see them.</summary>
    public IInstanceLoad Load => _outstanding;

    /// <summary>
    /// Chooses a routable instance of the service, or null when there is none. Instances in
    /// <paramref name="excludedInstanceIds"/> (already tried for this request) are never chosen; ejected
    /// ones only when nothing else is left.
    /// </summary>
    public async ValueTask<ZkServiceInstance?> ChooseAsync(
        string serviceId, IReadOnlyCollection<string>? excludedInstanceIds = null, CancellationToken cancellationToken = default)
    {
        var snapshot = await _discovery.GetSnapshotAsync(serviceId, cancellationToken).ConfigureAwait(false);
        return Choose(serviceId, snapshot.RoutableInstances, excludedInstanceIds);
    }

    internal ZkServiceInstance? Choose(string serviceId, IReadOnlyList<ZkServiceInstance> routable, IReadOnlyCollection<string>? excluded)
    {
        IReadOnlyList<ZkServiceInstance> candidates = excluded is { Count: > 0 }
            ? [.. routable.Where(instance => !excluded.Contains(instance.InstanceId))]
            : routable;
        var healthy = candidates.Where(instance => !_failures.IsEjected(instance.InstanceId)).ToList();
        if (healthy.Count > 0) candidates = healthy;
        var strategy = _strategies.GetOrAdd(serviceId, static (_, options) => options.CreateStrategy(), _options);
        return strategy.Choose(candidates, _outstanding);
    }

    /// <summary>Counts a request to <paramref name="instance"/> as in flight until the lease is disposed.</summary>
    public IDisposable BeginRequest(ZkServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _outstanding.Begin(instance.InstanceId);
    }

    /// <summary>Records the outcome of a request: a connection failure counts toward ejection, anything else clears it.</summary>
    public void ReportOutcome(ZkServiceInstance instance, bool connectionFailed)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!connectionFailed)
        {
            _failures.ReportSuccess(instance.InstanceId);
        }
        else if (_failures.ReportFailure(instance.InstanceId))
        {
            _logger.LogWarning("Skipping {Instance} for {Duration} after repeated connection failures", instance, _options.EjectionDuration);
        }
    }

    /// <inheritdoc/>
    public async Task<Uri> ResolveServiceInstanceAsync(Uri requestUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        var serviceId = requestUri.Host;
        var instance = await ChooseAsync(serviceId, null, cancellationToken).ConfigureAwait(false)
                       ?? throw new ServiceUnavailableException(serviceId, $"No instance of service '{serviceId}' is available.");
        return RewriteUri(requestUri, instance);
    }

    /// <inheritdoc/>
    public async Task UpdateStatisticsAsync(
        Uri requestUri, Uri serviceInstanceUri, TimeSpan? responseTime, Exception? exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(serviceInstanceUri);
        var snapshot = await _discovery.GetSnapshotAsync(requestUri.Host, cancellationToken).ConfigureAwait(false);
        var instance = snapshot.Instances.FirstOrDefault(candidate =>
            string.Equals(candidate.Host, serviceInstanceUri.Host, StringComparison.OrdinalIgnoreCase) && candidate.Port == serviceInstanceUri.Port);
        if (instance is not null) ReportOutcome(instance, exception is not null && ConnectionFailures.IsConnectionFailure(exception));
    }

    /// <summary><paramref name="requestUri"/> with the instance's scheme, host and port; path and query kept.</summary>
    public static Uri RewriteUri(Uri requestUri, ZkServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(instance);
        return new UriBuilder(requestUri) { Scheme = instance.Scheme, Host = instance.Host, Port = instance.Port }.Uri;
    }
}
