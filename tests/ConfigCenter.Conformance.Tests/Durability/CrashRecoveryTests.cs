using System.Collections.Concurrent;
using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Durability;

/// <summary>
/// kill -9 under a concurrent write load, then restart: every write whose success reached a client
/// is there, and nothing appears that no client asked for.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class CrashRecoveryTests
{
    private const int Writers = 4;
    private const int Rounds = 25;

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_at_random_moments()
    {
        var random = new Random(20261122);
        // A small snapCount makes snapshots happen during the load too, so recovery also starts from fuzzy snapshots.
        var options = new ZkServerOptions { ExtraConfig = new Dictionary<string, string> { ["snapCount"] = "300" } };
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter, options);
        await using (var setup = await RawZkConnection.ConnectAsync(server.ClientPort))
        {
            Assert.Equal(ErrorCode.Ok, (await setup.SendAsync(OpCode.Create, new CreateRequest("/crash", null, Acl.OpenAclUnsafe, 0))).Err);
        }

        var acknowledged = new ConcurrentDictionary<string, string>();
        var requested = new ConcurrentDictionary<string, string>();
        for (var round = 0; round < Rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers)
                .Select(w => WriteUntilCutOffAsync(server.ClientPort, $"r{round}-w{w}", acknowledged, requested, stop.Token))
                .ToArray();
            // Let the load build up, then cut the power at a moment the seed picks.
            await WaitForAcknowledgementsAsync(acknowledged, acknowledged.Count + 20 + random.Next(200));
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            await server.RestartAsync();

            await AssertTreeMatchesAsync(server.ClientPort, acknowledged, requested, round);
        }
    }

    private static async Task WriteUntilCutOffAsync(
        int port, string prefix, ConcurrentDictionary<string, string> acknowledged, ConcurrentDictionary<string, string> requested, CancellationToken stop)
    {
        try
        {
            await using var connection = await RawZkConnection.ConnectAsync(port);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var path = $"/crash/{prefix}-{n}";
                var data = $"{prefix}:{n}";
                requested[path] = data;
                var reply = await connection.SendAsync(OpCode.Create, new CreateRequest(path, Encoding.UTF8.GetBytes(data), Acl.OpenAclUnsafe, 0), timeout: TimeSpan.FromSeconds(10));
                Assert.Equal(ErrorCode.Ok, reply.Err);
                acknowledged[path] = data;
            }
        }
        catch (Exception e) when (e is RawConnectionClosedException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            // The server was killed under us: whatever had no reply is in doubt, which the check allows.
        }
    }

    private static async Task WaitForAcknowledgementsAsync(ConcurrentDictionary<string, string> acknowledged, int count)
    {
        // A bounded poll for a count the writers raise; there is no event to await for "n more writes".
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (acknowledged.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} of {count} writes were acknowledged in 30 s");
            await Task.Yield();
            await Task.Delay(1);
        }
    }

    private static async Task AssertTreeMatchesAsync(
        int port, ConcurrentDictionary<string, string> acknowledged, ConcurrentDictionary<string, string> requested, int round)
    {
        await using var reader = await RawZkConnection.ConnectAsync(port);
        var children = (await reader.SendAsync(OpCode.GetChildren, new GetChildrenRequest("/crash", false))).BodyAs<GetChildrenResponse>().Children;
        var present = children.Select(c => "/crash/" + c).ToHashSet();

        var lost = acknowledged.Keys.Where(p => !present.Contains(p)).ToList();
        Assert.True(lost.Count == 0, $"round {round}: {lost.Count} acknowledged writes were lost, e.g. {string.Join(", ", lost.Take(5))}");
        var invented = present.Where(p => !requested.ContainsKey(p)).ToList();
        Assert.True(invented.Count == 0, $"round {round}: nodes nobody asked for: {string.Join(", ", invented.Take(5))}");

        foreach (var path in acknowledged.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 97 == round % 97).Take(50))
        {
            var data = (await reader.SendAsync(OpCode.GetData, new GetDataRequest(path, false))).BodyAs<GetDataResponse>().Data;
            Assert.Equal(acknowledged[path], Encoding.UTF8.GetString(data!));
        }
    }
}
