namespace ConfigCenter.Discovery;

/// <summary>The built-in ways to pick an instance; combine any with <see cref="ZkLoadBalancerOptions.PreferredZone"/>.</summary>
public enum LoadBalancingPolicy
{
    /// <summary>Each instance in turn, in instance-id order: exactly even spread while the list is stable.</summary>
    RoundRobin,

    /// <summary>Uniformly at random.</summary>
    Random,

    /// <summary>At random in proportion to <see cref="ZkServiceInstance.Weight"/> (Nacos' weighted random).</summary>
    WeightedRandom,

    /// <summary>
    /// Power of two choices: two instances at random, the one with fewer requests in flight from this
    /// process wins. Steers away from slow instances without herding onto one.
    /// </summary>
    LeastOutstandingRequests,
}
