namespace ConfigCenter.Discovery;

/// <summary>
/// Picks an instance for a request, shaped as Steeltoe 4's
/// <c>Steeltoe.Discovery.HttpClients.LoadBalancers.ILoadBalancer</c> (mirrored here). The statistics
/// callback is what lets least-outstanding-requests and failure ejection work, which
/// Microsoft.Extensions.ServiceDiscovery's internal selectors cannot offer.
/// </summary>
public interface ILoadBalancer
{
    /// <summary>Rewrites <c>scheme://service/path</c> to a chosen instance's scheme, host and port.</summary>
    /// <exception cref="ServiceUnavailableException">The service has no instance to send to.</exception>
    Task<Uri> ResolveServiceInstanceAsync(Uri requestUri, CancellationToken cancellationToken = default);

    /// <summary>Reports how a request sent to <paramref name="serviceInstanceUri"/> went.</summary>
    Task UpdateStatisticsAsync(
        Uri requestUri, Uri serviceInstanceUri, TimeSpan? responseTime, Exception? exception, CancellationToken cancellationToken = default);
}
