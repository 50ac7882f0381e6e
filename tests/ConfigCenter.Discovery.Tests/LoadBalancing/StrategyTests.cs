namespace ConfigCenter.Discovery.Tests.LoadBalancing;

/// <summary>
/// Each strategy spreads picks as it promises: exactly for round robin, within statistical bounds for the
/// random ones. Seeds are fixed, so every run draws the same numbers and the bounds cannot flake.
/// </summary>
public sealed class StrategyTests
{
    private const int Seed = 20240521;

    private static readonly IInstanceLoad Idle = new FixedLoad([]);

    [Fact]
    public void Round_robin_hits_each_instance_exactly_once_per_round_in_id_order()
    {
        var instances = Instances("a", "b", "c");
        var strategy = new RoundRobinStrategy();

        var picks = Enumerable.Range(0, 30).Select(_ => strategy.Choose(instances, Idle)!.InstanceId).ToList();

        Assert.Equal(Enumerable.Repeat(new[] { "a", "b", "c" }, 10).SelectMany(round => round), picks);
    }

    [Fact]
    public void Random_is_roughly_uniform()
    {
        var counts = Count(new RandomStrategy(Seed), Instances("a", "b", "c", "d"), 8000);

        // Expected 2000 each; a binomial standard deviation is ~39, so ±200 is over 5 sigma.
        Assert.All(counts.Values, count => Assert.InRange(count, 1800, 2200));
    }

    [Fact]
    public void Random_with_the_same_seed_repeats_its_choices()
    {
        var instances = Instances("a", "b", "c");
        var first = new RandomStrategy(7);
        var second = new RandomStrategy(7);
        Assert.Equal(
            Enumerable.Range(0, 50).Select(_ => first.Choose(instances, Idle)!.InstanceId),
            Enumerable.Range(0, 50).Select(_ => second.Choose(instances, Idle)!.InstanceId));
    }

    [Fact]
    public void Weighted_random_follows_the_weights_and_never_picks_weight_zero()
    {
        var instances = new[] { Instance("a", weight: 1), Instance("b", weight: 3), Instance("c", weight: 6), Instance("z", weight: 0) };

        var counts = Count(new WeightedRandomStrategy(Seed), instances, 10000);

        Assert.InRange(counts.GetValueOrDefault("a"), 850, 1150);   // 10 %
        Assert.InRange(counts.GetValueOrDefault("b"), 2750, 3250);  // 30 %
        Assert.InRange(counts.GetValueOrDefault("c"), 5700, 6300);  // 60 %
        Assert.Equal(0, counts.GetValueOrDefault("z"));
    }

    [Fact]
    public void Weighted_random_with_all_weights_zero_falls_back_to_uniform()
    {
        var counts = Count(new WeightedRandomStrategy(Seed), [Instance("a", weight: 0), Instance("b", weight: 0)], 2000);
        Assert.All(counts.Values, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void Power_of_two_choices_never_picks_the_most_loaded_of_three()
    {
        var instances = Instances("a", "b", "c");
        var load = new FixedLoad(new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["c"] = 50 });

        var counts = Count(new LeastOutstandingRequestsStrategy(Seed), instances, 3000, load);

        // Any pair drawn contains a less loaded instance than c, so c never wins; a wins every pair it is in (2/3).
        Assert.Equal(0, counts.GetValueOrDefault("c"));
        Assert.InRange(counts.GetValueOrDefault("a"), 1850, 2150);
        Assert.InRange(counts.GetValueOrDefault("b"), 850, 1150);
    }

    [Fact]
    public void Power_of_two_choices_is_uniform_when_idle()
    {
        var counts = Count(new LeastOutstandingRequestsStrategy(Seed), Instances("a", "b", "c"), 6000);
        Assert.All(counts.Values, count => Assert.InRange(count, 1800, 2200));
    }

    [Fact]
    public void Zone_preference_stays_in_its_zone_and_falls_back_when_the_zone_is_empty()
    {
        var strategy = new ZonePreferenceStrategy("b", new RoundRobinStrategy());
        var all = new[] { Instance("a1", zone: "a"), Instance("a2", zone: "a"), Instance("b1", zone: "b") };

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal("b1", strategy.Choose(all, Idle)!.InstanceId));

        var withoutB = all.Where(instance => instance.Zone != "b").ToList();
        var fallback = Enumerable.Range(0, 10).Select(_ => strategy.Choose(withoutB, Idle)!.InstanceId).ToHashSet();
        Assert.Equal(["a1", "a2"], fallback.Order());
    }

    [Fact]
    public void Every_strategy_answers_null_without_candidates()
    {
        ILoadBalancingStrategy[] strategies =
        [
            new RoundRobinStrategy(), new RandomStrategy(1), new WeightedRandomStrategy(1), new LeastOutstandingRequestsStrategy(1),
            new ZonePreferenceStrategy("a", new RoundRobinStrategy()),
        ];
        Assert.All(strategies, strategy => Assert.Null(strategy.Choose([], Idle)));
    }

    private static Dictionary<string, int> Count(ILoadBalancingStrategy strategy, IReadOnlyList<ZkServiceInstance> instances, int picks,
        IInstanceLoad? load = null)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < picks; i++)
        {
            var id = strategy.Choose(instances, load ?? Idle)!.InstanceId;
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }
        return counts;
    }

    private static ZkServiceInstance[] Instances(params string[] ids) => [.. ids.Select(id => Instance(id))];

    private static ZkServiceInstance Instance(string id, int weight = 1, string? zone = null) =>
        new("svc", id, "127.0.0.1", 8000, null, new Dictionary<string, string?>
        {
            [MetadataKeys.Weight] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MetadataKeys.Zone] = zone,
        });

    private sealed class FixedLoad(Dictionary<string, int> load) : IInstanceLoad
    {
        public int OutstandingRequests(string instanceId) => load.GetValueOrDefault(instanceId);
    }
}
