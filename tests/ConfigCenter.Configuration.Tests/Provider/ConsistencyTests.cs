using System.Globalization;
using System.Text;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Configuration.Tests.Provider;

/// <summary>
/// A publisher changes two keys that must always be equal, each time with one multi; the application
/// must never see them differ, neither in OnChange nor in IOptionsMonitor.CurrentValue read concurrently.
/// </summary>
[Collection(ConfigurationCollection.Name)]
public sealed class ConsistencyTests(SharedServers servers)
{
    private const int Updates = 300;

    [Theory]
    [BothServerKinds]
    public async Task Keys_updated_by_one_multi_are_never_seen_apart(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var zk = await ZkTestClients.ConnectAsync(server.ConnectString);
        var root = await ZkTestClients.CreateRootAsync(zk, "consistency");
        await zk.CreateAsync($"{root}/Pair", null, Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Pair/A", "0"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        await zk.CreateAsync($"{root}/Pair/B", "0"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        // No debounce: reloads race the writes as closely as possible.
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root, options => options.ReloadDelay = TimeSpan.Zero);
        var monitor = app.PairMonitor;
        var mismatches = new List<string>();
        var observed = 0;
        using var subscription = monitor.OnChange(options =>
        {
            Interlocked.Increment(ref observed);
            if (options.A != options.B) lock (mismatches) mismatches.Add($"OnChange A={options.A} B={options.B}");
        });
        using var stopReaders = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stopReaders.IsCancellationRequested)
            {
                var current = monitor.CurrentValue;
                if (current.A != current.B) lock (mismatches) mismatches.Add($"CurrentValue A={current.A} B={current.B}");
            }
        });

        for (var i = 1; i <= Updates; i++)
        {
            var value = Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture));
            // Alternate the order inside the multi so neither key's event always comes first.
            var transaction = zk.Transaction();
            if (i % 2 == 0) transaction.SetData($"{root}/Pair/A", value).SetData($"{root}/Pair/B", value);
            else transaction.SetData($"{root}/Pair/B", value).SetData($"{root}/Pair/A", value);
            await transaction.CommitAsync();
        }
        var last = Updates.ToString(CultureInfo.InvariantCulture);
        await app.WaitUntilAsync(c => c["Pair:A"] == last && c["Pair:B"] == last, "both keys at the last value");
        await stopReaders.CancelAsync();
        await reader;

        Assert.Empty(mismatches);
        Assert.True(observed > 1, $"Only {observed} reload(s) seen: the test did not exercise concurrent reloads.");
    }
}
