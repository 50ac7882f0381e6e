namespace ConfigCenter.Discovery;

/// <summary>Each candidate in turn. With a stable list of n instances, every n consecutive picks hit each once.</summary>
public sealed class RoundRobinStrategy : ILoadBalancingStrategy
{
    private long _next = -1;

    /// <inheritdoc/>
    public ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load)
    {
        if (candidates.Count == 0) return null;
        var turn = (ulong)Interlocked.Increment(ref _next);
        return candidates[(int)(turn % (ulong)candidates.Count)];
    }
}
