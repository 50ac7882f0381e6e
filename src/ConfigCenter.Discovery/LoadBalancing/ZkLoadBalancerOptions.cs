namespace ConfigCenter.Discovery;

/// <summary>How a <see cref="ZkLoadBalancer"/> chooses and retries; per named HttpClient with <c>AddZkLoadBalancing</c>.</summary>
public sealed class ZkLoadBalancerOptions
{
    /// <summary>How to choose among routable instances. Default round robin.</summary>
    public LoadBalancingPolicy Policy { get; set; } = LoadBalancingPolicy.RoundRobin;

    /// <summary>Prefer instances in this zone, falling back to every zone when it has none UP; null for no preference.</summary>
    public string? PreferredZone { get; set; }

    /// <summary>A fixed seed for the random policies (reproducible tests and simulations); null seeds randomly.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// How many instances an idempotent request (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) may be sent to in
    /// all when connecting fails; each retry goes to an instance not tried yet. 1 disables retries.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Consecutive connection failures after which an instance is skipped for <see cref="EjectionDuration"/>; 0 never skips.</summary>
    public int FailuresBeforeEjection { get; set; } = 2;

    /// <summary>How long an ejected instance is skipped (unless every candidate is ejected).</summary>
    public TimeSpan EjectionDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A custom strategy per service instead of <see cref="Policy"/> (zone preference still wraps it).</summary>
    public Func<ILoadBalancingStrategy>? StrategyFactory { get; set; }

    internal ILoadBalancingStrategy CreateStrategy()
    {
        var strategy = StrategyFactory?.Invoke() ?? Policy switch
        {
            LoadBalancingPolicy.RoundRobin => new RoundRobinStrategy(),
            LoadBalancingPolicy.Random => new RandomStrategy(Seed),
            LoadBalancingPolicy.WeightedRandom => new WeightedRandomStrategy(Seed),
            LoadBalancingPolicy.LeastOutstandingRequests => new LeastOutstandingRequestsStrategy(Seed),
            _ => throw new InvalidOperationException($"Unknown load-balancing policy {Policy}."),
        };
        return PreferredZone is { Length: > 0 } zone ? new ZonePreferenceStrategy(zone, strategy) : strategy;
    }

    internal void Validate()
    {
        if (MaxAttempts < 1) throw new InvalidOperationException("ZkLoadBalancerOptions.MaxAttempts must be at least 1.");
        if (EjectionDuration < TimeSpan.Zero) throw new InvalidOperationException("ZkLoadBalancerOptions.EjectionDuration must not be negative.");
    }
}
