namespace ConfigCenter.Discovery.Tests.Cache;

/// <summary>The protection decision alone, on a clock the test controls.</summary>
public sealed class ShrinkProtectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_drop_below_the_threshold_is_held_until_the_timeout()
    {
        var protection = new ShrinkProtection(0.5, TimeSpan.FromSeconds(30));
        var four = Instances("a", "b", "c", "d");
        var one = Instances("a");

        var held = protection.Decide(four, one, Start);
        Assert.True(held.IsProtected);
        Assert.Equal(ShrinkProtection.Transition.Started, held.Transition);
        Assert.Equal(["a", "b", "c", "d"], held.Instances.Select(instance => instance.InstanceId));

        var stillHeld = protection.Decide(held.Instances, one, Start.AddSeconds(29));
        Assert.True(stillHeld.IsProtected);
        Assert.Equal(ShrinkProtection.Transition.None, stillHeld.Transition);

        var expired = protection.Decide(stillHeld.Instances, one, Start.AddSeconds(30));
        Assert.False(expired.IsProtected);
        Assert.Equal(ShrinkProtection.Transition.Expired, expired.Transition);
        Assert.Equal(["a"], expired.Instances.Select(instance => instance.InstanceId));
    }

    [Fact]
    public void A_drop_to_exactly_the_threshold_or_one_at_a_time_is_accepted()
    {
        var protection = new ShrinkProtection(0.5, TimeSpan.FromSeconds(30));
        Assert.False(protection.Decide(Instances("a", "b", "c", "d"), Instances("a", "b"), Start).IsProtected);
        Assert.False(protection.Decide(Instances("a", "b"), Instances("a"), Start).IsProtected);
    }

    [Fact]
    public void Recovery_above_the_threshold_releases_the_hold()
    {
        var protection = new ShrinkProtection(0.5, TimeSpan.FromSeconds(30));
        var held = protection.Decide(Instances("a", "b", "c", "d"), [], Start);
        Assert.True(held.IsProtected);

        var released = protection.Decide(held.Instances, Instances("a", "b", "e"), Start.AddSeconds(1));
        Assert.False(released.IsProtected);
        Assert.Equal(ShrinkProtection.Transition.Released, released.Transition);
        Assert.Equal(["a", "b", "e"], released.Instances.Select(instance => instance.InstanceId));
    }

    [Fact]
    public void A_held_list_still_takes_fresh_data_of_instances_that_remain()
    {
        var protection = new ShrinkProtection(0.5, TimeSpan.FromSeconds(30));
        var drained = Instances("a")[0].WithStatus(InstanceStatus.OutOfService);

        var held = protection.Decide(Instances("a", "b", "c"), [drained], Start);

        Assert.True(held.IsProtected);
        Assert.Equal(InstanceStatus.OutOfService, held.Instances.Single(instance => instance.InstanceId == "a").Status);
    }

    [Fact]
    public void Threshold_zero_disables_protection()
    {
        var protection = new ShrinkProtection(0, TimeSpan.FromSeconds(30));
        Assert.False(protection.Decide(Instances("a", "b", "c"), [], Start).IsProtected);
    }

    private static ZkServiceInstance[] Instances(params string[] ids) => [.. ids.Select(id => new ZkServiceInstance("svc", id, "127.0.0.1", 1, null))];
}
