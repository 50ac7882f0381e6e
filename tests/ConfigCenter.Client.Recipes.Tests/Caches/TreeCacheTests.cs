using System.Text;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Recipes.Caches;
using ConfigCenter.Client.Recipes.Tests.Support;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Caches;

[Collection(RecipeCollection.Name)]
public sealed class TreeCacheTests(SharedServers servers)
{
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [BothServerKinds(TreeCacheWatchMode.PersistentRecursive)]
    [BothServerKinds(TreeCacheWatchMode.OneShot)]
    public async Task Loads_the_subtree_parents_first_then_reports_each_change_in_order(ServerKind kind, TreeCacheWatchMode mode)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "tree-cache");
        var root = set.PathOf("tree");
        await CreateAsync(set, root, "a", "a/x", "b");
        await using var cache = new TreeCache(await set.ConnectAsync(), root, new TreeCacheOptions { WatchMode = mode });
        var events = Follow(cache);

        await cache.StartAsync();

        Assert.Equal(["NodeAdded tree", "NodeAdded tree/a", "NodeAdded tree/a/x", "NodeAdded tree/b", "Initialized"], Describe(events.TakeBuffered(), set.Root));
        Assert.Equal(mode, cache.WatchMode);

        await set.Observer.CreateAsync(root + "/c", Bytes("c"), Open);
        Assert.Equal("NodeAdded tree/c", Describe(await events.NextAsync(), set.Root));
        await set.Observer.SetDataAsync(root + "/a", Bytes("a2"));
        var update = await events.NextAsync();
        Assert.Equal("NodeUpdated tree/a", Describe(update, set.Root));
        Assert.Equal(("a", "a2"), (Text(update.OldData!.Data), Text(update.Data!.Data)));
        await set.Observer.CreateAsync(root + "/a/x/deep", null, Open);
        Assert.Equal("NodeAdded tree/a/x/deep", Describe(await events.NextAsync(), set.Root));
        await set.Observer.DeleteAsync(root + "/b");
        Assert.Equal("NodeRemoved tree/b", Describe(await events.NextAsync(), set.Root));

        await set.Observer.DeleteRecursiveAsync(root + "/a");
        var removals = new[] { await events.NextAsync(), await events.NextAsync(), await events.NextAsync() }.Select(e => Describe(e, set.Root)).ToList();
        Assert.Equal(["NodeRemoved tree/a/x/deep", "NodeRemoved tree/a/x", "NodeRemoved tree/a"], removals); // children before parents

        await AssertMirrorsServerAsync(set, cache, root);
        Assert.Equal(["c"], cache.GetCurrentChildren(root)!.Keys);
    }

    [Theory]
    [BothServerKinds(TreeCacheWatchMode.PersistentRecursive)]
    [BothServerKinds(TreeCacheWatchMode.OneShot)]
    public async Task A_root_that_appears_and_disappears_is_followed(ServerKind kind, TreeCacheWatchMode mode)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "tree-cache-root");
        var root = set.PathOf("tree");
        await using var cache = new TreeCache(await set.ConnectAsync(), root, new TreeCacheOptions { WatchMode = mode });
        var events = Follow(cache);
        await cache.StartAsync();
        Assert.Equal(["Initialized"], Describe(events.TakeBuffered(), set.Root));

        await set.Observer.CreateAsync(root, null, Open);
        Assert.Equal("NodeAdded tree", Describe(await events.NextAsync(), set.Root));
        await set.Observer.CreateAsync(root + "/child", null, Open);
        Assert.Equal("NodeAdded tree/child", Describe(await events.NextAsync(), set.Root));
        await set.Observer.DeleteRecursiveAsync(root);
        Assert.Equal("NodeRemoved tree/child", Describe(await events.NextAsync(), set.Root));
        Assert.Equal("NodeRemoved tree", Describe(await events.NextAsync(), set.Root));
        await set.Observer.CreateAsync(root, null, Open);
        Assert.Equal("NodeAdded tree", Describe(await events.NextAsync(), set.Root));
    }

    [Theory]
    [BothServerKinds(TreeCacheWatchMode.PersistentRecursive)]
    [BothServerKinds(TreeCacheWatchMode.OneShot)]
    public async Task After_a_forced_disconnect_a_resync_reports_what_was_missed(ServerKind kind, TreeCacheWatchMode mode)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "tree-cache-disconnect");
        var root = set.PathOf("tree");
        await CreateAsync(set, root, "a", "b", "c");
        var (client, proxy) = await set.ConnectThroughProxyAsync(o => o.SessionTimeout = TimeSpan.FromSeconds(6));
        using var states = new StateRecorder(client);
        await using var cache = new TreeCache(client, root, new TreeCacheOptions { WatchMode = mode });
        var events = Follow(cache);
        await cache.StartAsync();
        events.TakeBuffered();

        proxy.Stall();
        proxy.ResetConnections();
        await states.WaitForAsync(ConnectionState.Suspended);
        await MakeChangesWhileAwayAsync(set, root);
        proxy.Resume();

        Assert.Equal(
            ["ConnectionSuspended", "ConnectionReconnected", "NodeRemoved tree/b", "NodeAdded tree/a/gone", "NodeUpdated tree/c", "NodeAdded tree/d", "NodeAdded tree/d/e"],
            await NextDescribedAsync(events, set.Root, 7));
        await AssertMirrorsServerAsync(set, cache, root);
        await set.Observer.CreateAsync(root + "/after", null, Open);
        Assert.Equal("NodeAdded tree/after", Describe(await events.NextAsync(), set.Root));
    }

    [Theory]
    [BothServerKinds(TreeCacheWatchMode.PersistentRecursive)]
    [BothServerKinds(TreeCacheWatchMode.OneShot)]
    public async Task After_a_session_expiry_a_resync_reports_the_differences_and_the_cache_keeps_following(ServerKind kind, TreeCacheWatchMode mode)
    {
        await using var set = await ClientSet.StartAsync(servers, kind, "tree-cache-expiry");
        var root = set.PathOf("tree");
        await CreateAsync(set, root, "a", "b", "c");
        var (client, proxy) = await set.ConnectThroughProxyAsync(o => o.RebuildSessionOnExpiry = true);
        await using var cache = new TreeCache(client, root, new TreeCacheOptions { WatchMode = mode });
        var events = Follow(cache);
        await cache.StartAsync();
        events.TakeBuffered();

        await SessionExpiry.ExpireAndKeepCutOffAsync(set, client, proxy);
        await MakeChangesWhileAwayAsync(set, root);
        proxy.Resume();

        Assert.Equal(
            ["ConnectionSuspended", "ConnectionLost", "ConnectionReconnected", "NodeRemoved tree/b", "NodeAdded tree/a/gone", "NodeUpdated tree/c", "NodeAdded tree/d", "NodeAdded tree/d/e"],
            await NextDescribedAsync(events, set.Root, 8));
        await AssertMirrorsServerAsync(set, cache, root);
        await set.Observer.SetDataAsync(root + "/d/e", Bytes("new session"));
        Assert.Equal("NodeUpdated tree/d/e", Describe(await events.NextAsync(), set.Root));
    }

    /// <summary>Creates the root and the given nodes below it, each holding its own name.</summary>
    private static async Task CreateAsync(ClientSet set, string root, params string[] nodes)
    {
        await set.Observer.CreateAsync(root, Bytes("root"), Open);
        foreach (var node in nodes) await set.Observer.CreateAsync($"{root}/{node}", Bytes(node), Open);
    }

    /// <summary>From a tree of a, b, c: a/gone appears (with a child that comes and goes unseen), b goes, c changes, d/e appears.</summary>
    private static async Task MakeChangesWhileAwayAsync(ClientSet set, string root)
    {
        await set.Observer.CreateAsync(root + "/a/gone", null, Open);
        await set.Observer.CreateAsync(root + "/a/gone/soon", null, Open);
        await set.Observer.DeleteAsync(root + "/a/gone/soon");
        await set.Observer.DeleteAsync(root + "/b");
        await set.Observer.SetDataAsync(root + "/c", Bytes("c2"));
        await set.Observer.CreateAsync(root + "/d", null, Open);
        await set.Observer.CreateAsync(root + "/d/e", null, Open);
    }

    private static async Task AssertMirrorsServerAsync(ClientSet set, TreeCache cache, string root)
    {
        var server = await TreeReader.ReadAsync(set.Observer, root);
        var cached = cache.GetSnapshot().ToDictionary(entry => entry.Key, entry => (entry.Value.Stat.Version, Convert.ToHexString(entry.Value.Data)));
        Assert.Equal(server, new SortedDictionary<string, (int, string)>(cached, StringComparer.Ordinal));
    }

    private static EventLog<TreeCacheEvent> Follow(TreeCache cache)
    {
        var events = new EventLog<TreeCacheEvent>();
        cache.Changed += (_, e) => events.Add(e);
        return events;
    }

    private static async Task<List<string>> NextDescribedAsync(EventLog<TreeCacheEvent> events, string testRoot, int count)
    {
        var described = new List<string>();
        for (var i = 0; i < count; i++) described.Add(Describe(await events.NextAsync(), testRoot));
        return described;
    }

    private static List<string> Describe(IEnumerable<TreeCacheEvent> events, string testRoot) => [.. events.Select(e => Describe(e, testRoot))];

    private static string Describe(TreeCacheEvent e, string testRoot) =>
        e.Path is null ? e.Type.ToString() : $"{e.Type} {e.Path[(testRoot.Length + 1)..]}";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] data) => Encoding.UTF8.GetString(data);
}
