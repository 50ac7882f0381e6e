namespace ConfigCenter.Discovery;

/// <summary>
/// Power of two choices: two distinct candidates at random, the one with fewer requests in flight wins
/// (the first drawn on a tie). Unlike "always the least loaded", many clients using it do not all pile
/// onto the same idle instance. Reproducible with a seed.
/// </summary>
public sealed class LeastOutstandingRequestsStrategy(int? seed = null) : ILoadBalancingStrategy
{
    private readonly SeededRandom _random = new(seed);

    /// <inheritdoc/>
    public ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load)
    {
        if (candidates.Count <= 1) return candidates.Count == 0 ? null : candidates[0];
        var first = _random.Next(candidates.Count);
        var second = _random.Next(candidates.Count - 1);
        if (second >= first) second++;
        var a = candidates[first];
        var b = candidates[second];
        return load.OutstandingRequests(b.InstanceId) < load.OutstandingRequests(a.InstanceId) ? b : a;
    }
}
