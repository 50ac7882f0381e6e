using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>Expires a client's session for real: its proxy holds all traffic until the server has ended the session.</summary>
public static class SessionExpiry
{
    /// <summary>
    /// Cuts the client off, waits until the observer sees an ephemeral node of the client's session deleted
    /// (so the server expired it), and lets traffic flow again so the client learns of it.
    /// </summary>
    public static async Task ExpireAsync(ClientSet set, ZooKeeperClient client, TcpProxy proxy)
    {
        var marker = set.PathOf($"session-marker-{Guid.NewGuid():N}");
        await client.CreateAsync(marker, null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        var deleted = new EventCollector();
        Assert.NotNull(await set.Observer.ExistsAsync(marker, deleted));
        proxy.Stall();
        await deleted.NextAsync(EventType.NodeDeleted, marker);
        proxy.Resume();
    }

    /// <summary>Like <see cref="ExpireAsync"/>, but leaves the client cut off; call <see cref="TcpProxy.Resume"/> later.</summary>
    public static async Task ExpireAndKeepCutOffAsync(ClientSet set, ZooKeeperClient client, TcpProxy proxy)
    {
        var marker = set.PathOf($"session-marker-{Guid.NewGuid():N}");
        await client.CreateAsync(marker, null, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
        var deleted = new EventCollector();
        Assert.NotNull(await set.Observer.ExistsAsync(marker, deleted));
        proxy.Stall();
        await deleted.NextAsync(EventType.NodeDeleted, marker);
    }
}
