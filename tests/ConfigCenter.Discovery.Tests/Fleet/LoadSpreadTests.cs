using System.Globalization;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Discovery.Tests.Fleet;

/// <summary>
/// Real echo processes behind the load-balancing HttpClient: each policy spreads requests as promised.
/// Round robin is checked exactly; the random policies use fixed seeds and bounds of about five
/// standard deviations.
/// </summary>
[Collection(DiscoveryCollection.Name)]
public sealed class LoadSpreadTests(SpreadFleetFixture fixture) : IClassFixture<SpreadFleetFixture>
{
    private const int Seed = 424242;

    private EchoFleet Fleet => fixture.Fleet;

    [Fact]
    public async Task Round_robin_answers_from_each_instance_in_turn()
    {
        await using var consumer = await ConsumerAsync(options => options.Policy = LoadBalancingPolicy.RoundRobin);

        var answers = await SendAsync(consumer, 30);

        Assert.Equal(Enumerable.Repeat(new[] { "a", "b", "c" }, 10).SelectMany(round => round), answers);
    }

    [Fact]
    public async Task Random_spreads_evenly()
    {
        await using var consumer = await ConsumerAsync(options => (options.Policy, options.Seed) = (LoadBalancingPolicy.Random, Seed));

        var counts = Count(await SendAsync(consumer, 300));

        // Expected 100 each, standard deviation about 8.
        Assert.All(["a", "b", "c"], id => Assert.InRange(counts.GetValueOrDefault(id), 60, 140));
    }

    [Fact]
    public async Task Weighted_random_follows_the_registered_weights()
    {
        await using var consumer = await ConsumerAsync(options => (options.Policy, options.Seed) = (LoadBalancingPolicy.WeightedRandom, Seed));

        var counts = Count(await SendAsync(consumer, 500));

        // Weights 1, 3, 1: expected 100, 300, 100 (standard deviations about 9, 11, 9).
        Assert.InRange(counts.GetValueOrDefault("a"), 55, 145);
        Assert.InRange(counts.GetValueOrDefault("b"), 245, 355);
        Assert.InRange(counts.GetValueOrDefault("c"), 55, 145);
    }

    [Fact]
    public async Task Least_outstanding_requests_keeps_traffic_away_from_a_slow_instance()
    {
        await using var consumer = await ConsumerAsync(options => (options.Policy, options.Seed) = (LoadBalancingPolicy.LeastOutstandingRequests, Seed));
        await EchoAdmin.SetDelayAsync(consumer, "c", 200);
        try
        {
            // Eight callers at once: c holds each request 200 ms, so it nearly always has more in flight than a or b.
            var answers = (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(consumer, 25)))).SelectMany(list => list).ToList();

            var counts = Count(answers);
            Assert.Equal(200, answers.Count);
            Assert.True(counts.GetValueOrDefault("c") < 20, $"c answered {counts.GetValueOrDefault("c")} of 200 (a third would be 67)");
            Assert.True(counts.GetValueOrDefault("a") > 60 && counts.GetValueOrDefault("b") > 60, string.Join(", ", counts));
        }
        finally
        {
            await EchoAdmin.SetDelayAsync(consumer, "c", 0);
        }
    }

    [Fact]
    public async Task Zone_preference_stays_in_zone_and_falls_back_when_the_zone_has_no_instance_up()
    {
        await using var consumer = await ConsumerAsync(options => options.PreferredZone = "b");

        Assert.All(await SendAsync(consumer, 10), id => Assert.Equal("c", id));

        await EchoAdmin.SetStatusAsync(consumer, "c", InstanceStatus.OutOfService);
        try
        {
            await consumer.WaitForRoutableAsync("a", "b");
            Assert.Equal(["a", "b"], (await SendAsync(consumer, 10)).Distinct().Order());
        }
        finally
        {
            await EchoAdmin.SetStatusAsync(consumer, "c", InstanceStatus.Up);
            await consumer.WaitForRoutableAsync("a", "b", "c");
        }
    }

    [Fact]
    public async Task An_instance_set_OUT_OF_SERVICE_leaves_every_consumers_rotation_and_comes_back_when_UP()
    {
        await using var first = await ConsumerAsync(options => options.Policy = LoadBalancingPolicy.RoundRobin);
        await using var second = await ConsumerAsync(options => (options.Policy, options.Seed) = (LoadBalancingPolicy.Random, Seed));

        await EchoAdmin.SetStatusAsync(first, "b", InstanceStatus.OutOfService);
        try
        {
            await Task.WhenAll(first.WaitForRoutableAsync("a", "c"), second.WaitForRoutableAsync("a", "c"));
            Assert.DoesNotContain("b", await SendAsync(first, 20));
            Assert.DoesNotContain("b", await SendAsync(second, 20));
            // Still registered, just not routable: the drain is visible.
            Assert.Equal(InstanceStatus.OutOfService,
                first.Discovery.GetCachedSnapshot(TestConsumer.Service).Instances.Single(instance => instance.InstanceId == "b").Status);
        }
        finally
        {
            await EchoAdmin.SetStatusAsync(first, "b", InstanceStatus.Up);
        }
        await Task.WhenAll(first.WaitForRoutableAsync("a", "b", "c"), second.WaitForRoutableAsync("a", "b", "c"));
        Assert.Contains("b", await SendAsync(first, 3));
    }

    [Theory]
    [InlineData("LoadBalancer")]
    [InlineData("ServiceDiscovery")]
    public async Task The_consumer_sample_calls_every_instance_in_turn(string mode)
    {
        var output = await ProcessCapture.RunAsync(
            SampleBinaries.Dotnet,
            [
                SampleBinaries.Consumer,
                "--Discovery:ConnectString", Fleet.Server.ConnectString,
                "--Discovery:BasePath", Fleet.BasePath,
                "--Consumer:Service", TestConsumer.Service,
                "--Consumer:Requests", "9",
                "--Consumer:Mode", mode,
                // A cold process on a loaded machine can take longer than the 5 s default to read the
                // registry; its first request would then find no instance, by design.
                "--DiscoveryClient:InitialLoadTimeout", TestTimeouts.Event.ToString("c", CultureInfo.InvariantCulture),
            ],
            standardInput: null, TestTimeouts.ProcessRun, CancellationToken.None);

        Assert.True(output.ExitCode == 0, $"exit {output.ExitCode}\n{output.StandardOutput}\n{output.StandardError}");
        Assert.Contains("summary total=9 failures=0 a=3 b=3 c=3", output.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<TestConsumer> ConsumerAsync(Action<ZkLoadBalancerOptions> loadBalancing)
    {
        var consumer = Fleet.CreateConsumer(loadBalancing);
        await Fleet.WaitUntilRegisteredAsync(consumer, "a", "b", "c");
        return consumer;
    }

    private static async Task<List<string>> SendAsync(TestConsumer consumer, int count)
    {
        var answers = new List<string>(count);
        for (var i = 0; i < count; i++) answers.Add(await consumer.EchoAsync());
        return answers;
    }

    private static Dictionary<string, int> Count(IEnumerable<string> answers) =>
        answers.GroupBy(id => id).ToDictionary(group => group.Key, group => group.Count());
}
