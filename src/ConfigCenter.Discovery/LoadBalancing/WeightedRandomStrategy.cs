namespace ConfigCenter.Discovery;

/// <summary>
/// At random with probability weight / total weight; weight-0 instances only when every candidate has
/// weight 0 (then uniformly). Reproducible with a seed.
/// </summary>
public sealed class WeightedRandomStrategy(int? seed = null) : ILoadBalancingStrategy
{
    private readonly SeededRandom _random = new(seed);

    /// <inheritdoc/>
    public ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load)
    {
        if (candidates.Count == 0) return null;
        long total = 0;
        foreach (var candidate in candidates) total += candidate.Weight;
        if (total == 0) return candidates[_random.Next(candidates.Count)];

        var point = _random.NextInt64(total);
        foreach (var candidate in candidates)
        {
            point -= candidate.Weight;
            if (point < 0) return candidate;
        }
        return candidates[^1];
    }
}
