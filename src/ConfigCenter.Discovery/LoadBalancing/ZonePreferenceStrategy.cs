namespace ConfigCenter.Discovery;

/// <summary>
/// Keeps traffic in one zone: chooses among candidates whose <see cref="ZkServiceInstance.Zone"/> is the
/// preferred one, and falls back to all candidates when that zone has none (as Spring Cloud
/// LoadBalancer's zone-preference supplier does). The choice itself is the inner strategy's.
/// </summary>
public sealed class ZonePreferenceStrategy(string preferredZone, ILoadBalancingStrategy inner) : ILoadBalancingStrategy
{
    /// <inheritdoc/>
    public ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load)
    {
        var local = candidates.Where(candidate => string.Equals(candidate.Zone, preferredZone, StringComparison.OrdinalIgnoreCase)).ToList();
        return inner.Choose(local.Count > 0 ? local : candidates, load);
    }
}
