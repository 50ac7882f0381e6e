namespace ConfigCenter.Discovery;

/// <summary>A thread-safe random source that is reproducible when given a seed (for tests and simulations).</summary>
internal sealed class SeededRandom(int? seed)
{
    private readonly Random _random = seed is { } value ? new Random(value) : new Random();
    private readonly object _gate = new();

    public int Next(int maxExclusive)
    {
        lock (_gate) return _random.Next(maxExclusive);
    }

    public long NextInt64(long maxExclusive)
    {
        lock (_gate) return _random.NextInt64(maxExclusive);
    }
}
