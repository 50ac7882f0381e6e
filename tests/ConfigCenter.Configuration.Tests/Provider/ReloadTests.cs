using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Configuration.Tests.Provider;

/// <summary>Published changes reach change tokens, IOptionsMonitor and IOptionsSnapshot; bursts are coalesced.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class ReloadTests(SharedServers servers)
{
    [Theory]
    [BothServerKinds]
    public async Task A_change_reaches_the_reload_token_OnChange_and_new_snapshots(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "reload");
        await zk.CreateAsync($"{root}/Pair", """{"A": "1", "B": "1"}"""u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);
        var monitor = app.PairMonitor;
        Assert.Equal("1", monitor.CurrentValue.A);
        var changed = new TaskCompletionSource<PairOptions>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = monitor.OnChange(options => changed.TrySetResult(options));
        var tokenFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Root.GetReloadToken().RegisterChangeCallback(_ => tokenFired.TrySetResult(), null);

        await zk.SetDataAsync($"{root}/Pair", """{"A": "2", "B": "2"}"""u8.ToArray());

        await tokenFired.Task.WaitAsync(TestTimeouts.Event);
        var fromOnChange = await changed.Task.WaitAsync(TestTimeouts.Event);
        Assert.Equal(("2", "2"), (fromOnChange.A, fromOnChange.B));
        using var scope = app.Services.CreateScope();
        Assert.Equal("2", scope.ServiceProvider.GetRequiredService<IOptionsSnapshot<PairOptions>>().Value.A);
        Assert.Equal("2", monitor.CurrentValue.B);
    }

    [Theory]
    [BothServerKinds]
    public async Task Created_and_deleted_nodes_add_and_remove_keys(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "create-delete");
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);

        await zk.CreateAsync($"{root}/Db", null, Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Db/Host", "db1"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await app.WaitForValueAsync("Db:Host", "db1");

        await zk.DeleteAsync($"{root}/Db/Host");
        await app.WaitForValueAsync("Db:Host", null);
    }

    [Theory]
    [BothServerKinds]
    public async Task A_burst_of_writes_within_the_debounce_window_is_one_reload(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "debounce");
        await zk.CreateAsync($"{root}/Counter", "0"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        // A quiet period far longer than the burst, and a cap far beyond it, so the burst cannot be split.
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root, options =>
        {
            options.ReloadDelay = TimeSpan.FromSeconds(2);
            options.MaxReloadDelay = TimeSpan.FromSeconds(30);
        });
        Assert.Equal(0, app.Reloads);

        for (var i = 1; i <= 20; i++) await zk.SetDataAsync($"{root}/Counter", System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await app.WaitForValueAsync("Counter", "20");
        Assert.Equal(1, app.Reloads);
    }

    [Theory]
    [BothServerKinds]
    public async Task A_write_that_changes_no_value_does_not_reload(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "no-op");
        await zk.CreateAsync($"{root}/Same", "x"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Other", "1"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root, options => options.ReloadDelay = TimeSpan.Zero);

        await zk.SetDataAsync($"{root}/Same", "x"u8.ToArray()); // new version, same value
        await zk.SetDataAsync($"{root}/Other", "2"u8.ToArray()); // ordered after it: its reload proves the first was seen
        await app.WaitForValueAsync("Other", "2");

        Assert.Equal(1, app.Reloads);
    }
}
