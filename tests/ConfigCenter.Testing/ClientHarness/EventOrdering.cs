using ConfigCenter.Client;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using Xunit;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>Asserts the absence of events without sleeping, using the in-order delivery of one client's events.</summary>
public static class EventOrdering
{
    /// <summary>
    /// Triggers a sentinel event now and waits for it: anything the server sent before it has been
    /// dispatched by then, so the watcher's count is final.
    /// </summary>
    public static async Task AssertEventCountAsync(ZooKeeperClient client, string root, EventCollector watcher, int expected)
    {
        var sentinel = new EventCollector();
        var sentinelPath = $"{root}/sentinel-{Guid.NewGuid():N}";
        await client.ExistsAsync(sentinelPath, sentinel);
        await client.CreateAsync(sentinelPath, null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        await sentinel.NextAsync(EventType.NodeCreated, sentinelPath);
        var events = watcher.All.Where(e => e.Path is null || !e.Path.Contains("/sentinel-", StringComparison.Ordinal)).ToList();
        Assert.True(events.Count == expected, $"Expected {expected} event(s), got: {string.Join(", ", events)}");
    }
}
