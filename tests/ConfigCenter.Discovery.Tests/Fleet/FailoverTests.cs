using System.Diagnostics;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Xunit.Abstractions;

namespace ConfigCenter.Discovery.Tests.Fleet;

/// <summary>
/// Instances leaving while two consumers send traffic: a crash (kill -9) is noticed through the session
/// timeout, a graceful stop (SIGTERM) within a second; either way no request fails.
/// </summary>
[Collection(DiscoveryCollection.Name)]
public sealed class FailoverTests(SharedServers servers, ITestOutputHelper output)
{
    private static readonly TimeSpan EchoSessionTimeout = TimeSpan.FromSeconds(2);

    [Theory]
    [BothServerKinds]
    public async Task A_killed_instance_leaves_every_consumers_view_within_its_session_timeout_and_no_request_fails(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var fleet = await StartFleetAsync(server, "kill");
        await using var first = fleet.CreateConsumer();
        await using var second = fleet.CreateConsumer(options => (options.Policy, options.Seed) = (LoadBalancingPolicy.Random, 5));
        await Task.WhenAll(fleet.WaitUntilRegisteredAsync(first, "a", "b", "c"), fleet.WaitUntilRegisteredAsync(second, "a", "b", "c"));
        await using var traffic1 = new RequestLoop(first);
        await using var traffic2 = new RequestLoop(second);
        await Task.WhenAll(traffic1.WaitForMoreAsync(10), traffic2.WaitForMoreAsync(10));

        var clock = Stopwatch.StartNew();
        await fleet["b"].KillAsync();
        await Task.WhenAll(first.WaitForRoutableAsync("a", "c"), second.WaitForRoutableAsync("a", "c"));
        var removedAfter = clock.Elapsed;

        // The server expires a session between its timeout and one tick later; allow a second for the events.
        output.WriteLine($"{kind}: killed instance left both consumers' views after {removedAfter.TotalMilliseconds:0} ms; "
                         + $"{traffic1.Completed + traffic2.Completed} requests, {traffic1.Failures.Count + traffic2.Failures.Count} failed");
        var bound = EchoSessionTimeout + TimeSpan.FromMilliseconds(server.TickTimeMs) + TimeSpan.FromSeconds(1);
        Assert.True(removedAfter <= bound, $"removed after {removedAfter.TotalMilliseconds:0} ms, bound {bound.TotalMilliseconds:0} ms");
        await Task.WhenAll(traffic1.WaitForMoreAsync(10), traffic2.WaitForMoreAsync(10));
        await traffic1.StopAsync();
        await traffic2.StopAsync();
        Assert.Empty(traffic1.Failures.Concat(traffic2.Failures));
        Assert.True(traffic1.Answers.ContainsKey("b") || traffic2.Answers.ContainsKey("b"), "b answered before it was killed");
    }

    [Theory]
    [BothServerKinds]
    public async Task A_gracefully_stopped_instance_leaves_every_consumers_view_within_a_second_and_no_request_fails(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var fleet = await StartFleetAsync(server, "graceful");
        await using var first = fleet.CreateConsumer();
        await using var second = fleet.CreateConsumer(options => (options.Policy, options.Seed) = (LoadBalancingPolicy.LeastOutstandingRequests, 5));
        await Task.WhenAll(fleet.WaitUntilRegisteredAsync(first, "a", "b", "c"), fleet.WaitUntilRegisteredAsync(second, "a", "b", "c"));
        await using var traffic1 = new RequestLoop(first);
        await using var traffic2 = new RequestLoop(second);
        await Task.WhenAll(traffic1.WaitForMoreAsync(10), traffic2.WaitForMoreAsync(10));

        var clock = Stopwatch.StartNew();
        var stopping = fleet["b"].TerminateAsync();
        await Task.WhenAll(first.WaitForRoutableAsync("a", "c"), second.WaitForRoutableAsync("a", "c"));
        var removedAfter = clock.Elapsed;
        await stopping;

        output.WriteLine($"{kind}: stopped instance left both consumers' views after {removedAfter.TotalMilliseconds:0} ms");
        Assert.True(removedAfter <= TimeSpan.FromSeconds(1), $"removed after {removedAfter.TotalMilliseconds:0} ms\n{fleet["b"].ReadLogTail()}");
        await Task.WhenAll(traffic1.WaitForMoreAsync(10), traffic2.WaitForMoreAsync(10));
        await traffic1.StopAsync();
        await traffic2.StopAsync();
        Assert.Empty(traffic1.Failures.Concat(traffic2.Failures));
        Assert.Contains("Deregistered", fleet["b"].ReadLogTail(), StringComparison.Ordinal);
    }

    private static Task<EchoFleet> StartFleetAsync(IZkServerUnderTest server, string name) =>
        EchoFleet.StartAsync(server, name,
            new EchoSettings("a") { SessionTimeout = EchoSessionTimeout },
            new EchoSettings("b") { SessionTimeout = EchoSessionTimeout },
            new EchoSettings("c") { SessionTimeout = EchoSessionTimeout });
}
