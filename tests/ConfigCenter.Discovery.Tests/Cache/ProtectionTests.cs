using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Discovery.Tests.Cache;

/// <summary>A registry that loses most of a service at once (one multi deleting three of four) is not believed at once.</summary>
[Collection(DiscoveryCollection.Name)]
public sealed class ProtectionTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task Losing_three_of_four_at_once_keeps_the_previous_list_until_the_protection_timeout(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("protect");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        var paths = new List<string>();
        foreach (var id in new[] { "a", "b", "c", "d" })
            paths.Add(await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, id, Registries.InstanceJson(TestConsumer.Service, id, 8000)));
        var logs = new CapturedLogs();
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath, logs: logs, discovery: options =>
        {
            options.ProtectionThreshold = 0.5;
            options.ProtectionTimeout = TimeSpan.FromSeconds(2);
        });
        await consumer.WaitForRoutableAsync("a", "b", "c", "d");

        await writer.Transaction().Delete(paths[1]).Delete(paths[2]).Delete(paths[3]).CommitAsync();

        var held = await consumer.WaitForAsync(snapshot => snapshot.IsProtected, "protected");
        Assert.Equal(["a", "b", "c", "d"], held.RoutableInstances.Select(instance => instance.InstanceId));
        Assert.Equal(1, held.RegisteredCount);
        Assert.True(logs.Contains(LogLevel.Warning, "keeping the previous list"), string.Join("\n", logs.Entries));
        Assert.Equal(4, (await consumer.Discovery.GetInstancesAsync(TestConsumer.Service)).Count);

        var accepted = await consumer.WaitForAsync(snapshot => !snapshot.IsProtected, "accepted after the timeout");
        Assert.Equal(["a"], accepted.Instances.Select(instance => instance.InstanceId));
        Assert.True(logs.Contains(LogLevel.Warning, "past the protection timeout"));
    }

    [Fact]
    public async Task Losing_half_or_less_is_followed_at_once()
    {
        var server = await servers.GetAsync(ServerKind.ConfigCenter);
        var basePath = Registries.NewBasePath("protect-half");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        var paths = new List<string>();
        foreach (var id in new[] { "a", "b", "c", "d" })
            paths.Add(await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, id, Registries.InstanceJson(TestConsumer.Service, id, 8000)));
        await using var consumer = TestConsumer.Create(server.ConnectString, basePath);
        await consumer.WaitForRoutableAsync("a", "b", "c", "d");

        await writer.Transaction().Delete(paths[2]).Delete(paths[3]).CommitAsync();

        var snapshot = await consumer.WaitForRoutableAsync("a", "b");
        Assert.False(snapshot.IsProtected);
    }
}
