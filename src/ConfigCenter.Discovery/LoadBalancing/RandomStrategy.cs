namespace ConfigCenter.Discovery;

/// <summary>Uniformly at random; reproducible with a seed.</summary>
public sealed class RandomStrategy(int? seed = null) : ILoadBalancingStrategy
{
    private readonly SeededRandom _random = new(seed);

    /// <inheritdoc/>
    public ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load) =>
        candidates.Count == 0 ? null : candidates[_random.Next(candidates.Count)];
}
