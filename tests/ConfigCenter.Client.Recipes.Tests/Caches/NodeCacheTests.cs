using System.Text;
using ConfigCenter.Client.Recipes.Caches;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Caches;

[Collection(RecipeCollection.Name)]
public sealed class NodeCacheTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds]
    public async Task Follows_creation_changes_deletion_and_re_creation_in_order(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "node-cache");
        var path = set.PathOf("config");
        await using var cache = new NodeCache(await set.ConnectAsync(), path);
        var seen = Follow(cache);
        await cache.StartAsync();
        Assert.Null(cache.Current);

        await set.Observer.CreateAsync(path, Bytes("v0"), Open);
        Assert.Equal("v0", await seen.NextAsync());
        for (var i = 1; i <= 3; i++)
        {
            await set.Observer.SetDataAsync(path, Bytes($"v{i}"));
            Assert.Equal($"v{i}", await seen.NextAsync());
        }
        await set.Observer.DeleteAsync(path);
        Assert.Equal("<deleted>", await seen.NextAsync());
        Assert.Null(cache.Current);
        await set.Observer.CreateAsync(path, Bytes("again"), Open);
        Assert.Equal("again", await seen.NextAsync());
        Assert.Equal(0, cache.Current!.Stat.Version);
    }

    [Theory]
    [BothServerKinds]
    public async Task Fast_changes_are_seen_in_order_ending_with_the_latest(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "node-cache-fast");
        var path = set.PathOf("config");
        await set.Observer.CreateAsync(path, Bytes("start"), Open);
        await using var cache = new NodeCache(await set.ConnectAsync(), path);
        var versions = new EventLog<int>();
        cache.Changed += (_, e) => versions.Add(e.Data!.Stat.Version);
        await cache.StartAsync();
        Assert.Equal("start", Text(cache.Current!.Data));

        const int Writes = 30;
        for (var i = 1; i <= Writes; i++) await set.Observer.SetDataAsync(path, Bytes($"v{i}"));

        await versions.NextMatchingAsync(version => version == Writes);
        Assert.Equal($"v{Writes}", Text(cache.Current!.Data));
        var all = versions.All;
        Assert.Equal(all.Order(), all); // never back to an older version
        Assert.Equal(all.Distinct().Count(), all.Count);
    }

    [Theory]
    [BothServerKinds]
    public async Task Catches_up_after_a_forced_disconnect(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "node-cache-disconnect");
        var path = set.PathOf("config");
        await set.Observer.CreateAsync(path, Bytes("before"), Open);
        var (client, proxy) = await set.ConnectThroughProxyAsync(o => o.SessionTimeout = TimeSpan.FromSeconds(6));
        using var states = new StateRecorder(client);
        await using var cache = new NodeCache(client, path);
        var seen = Follow(cache);
        await cache.StartAsync();

        proxy.Stall();
        proxy.ResetConnections();
        await states.WaitForAsync(ConnectionState.Suspended);
        await set.Observer.SetDataAsync(path, Bytes("missed"));
        await set.Observer.SetDataAsync(path, Bytes("while away"));
        proxy.Resume();
        await states.WaitForAsync(ConnectionState.Connected);

        Assert.Equal("while away", await seen.NextAsync());
        await set.Observer.SetDataAsync(path, Bytes("after"));
        Assert.Equal("after", await seen.NextAsync());
    }

    [Theory]
    [BothServerKinds]
    public async Task Catches_up_after_a_session_expiry_and_keeps_following(ServerKind kind)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "node-cache-expiry");
        var path = set.PathOf("config");
        await set.Observer.CreateAsync(path, Bytes("before"), Open);
        var (client, proxy) = await set.ConnectThroughProxyAsync(o => o.RebuildSessionOnExpiry = true);
        using var states = new StateRecorder(client);
        await using var cache = new NodeCache(client, path);
        var seen = Follow(cache);
        await cache.StartAsync();

        await SessionExpiry.ExpireAndKeepCutOffAsync(set, client, proxy);
        await set.Observer.DeleteAsync(path);
        await set.Observer.CreateAsync(path, Bytes("re-created while expired"), Open);
        proxy.Resume();
        await states.WaitForAsync(ConnectionState.Lost);
        await states.WaitForAsync(ConnectionState.Connected);

        Assert.Equal("re-created while expired", await seen.NextAsync());
        await set.Observer.SetDataAsync(path, Bytes("after"));
        Assert.Equal("after", await seen.NextAsync());
    }

    private static EventLog<string> Follow(NodeCache cache)
    {
        var seen = new EventLog<string>();
        cache.Changed += (_, e) => seen.Add(e.Data is null ? "<deleted>" : Text(e.Data.Data));
        return seen;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] data) => Encoding.UTF8.GetString(data);
}
