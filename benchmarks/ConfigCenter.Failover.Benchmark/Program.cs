using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.ClientHarness;
using ConfigCenter.Testing.Servers;

// Leader failover, ours against Apache ZooKeeper on this machine: a 3-member ensemble with default
// timing (tickTime=2000, initLimit=10, syncLimit=5), one client writing continuously through every
// member, kill -9 of the leader. Per round it reports the write-unavailability window (last write
// acknowledged before the kill to the first one after it) and the election time (kill to a new leader
// answering srvr). Usage: ConfigCenter.Failover.Benchmark [rounds=5] [json output file]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var results = new List<Round>();
foreach (var kind in new[] { ServerKind.ConfigCenter, ServerKind.ApacheZooKeeper })
{
    for (var round = 1; round <= rounds; round++)
    {
        var result = await MeasureAsync(kind);
        results.Add(result);
        Console.WriteLine($"{kind,-16} round {round}: unavailable {result.UnavailableMs,7:0.0} ms, new leader serving after {result.ElectionMs,7:0.0} ms, {result.FailedWrites} writes failed");
    }
}

Console.WriteLine();
Console.WriteLine("| server | rounds | unavailable median ms | unavailable max ms | new leader median ms | new leader max ms |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (var group in results.GroupBy(r => r.Kind))
{
    Console.WriteLine($"| {group.Key} | {group.Count()} | {Median(group.Select(r => r.UnavailableMs)):0.0} | {group.Max(r => r.UnavailableMs):0.0} | "
                      + $"{Median(group.Select(r => r.ElectionMs)):0.0} | {group.Max(r => r.ElectionMs):0.0} |");
}
var ours = results.Where(r => r.Kind == ServerKind.ConfigCenter).ToList();
var theirs = results.Where(r => r.Kind == ServerKind.ApacheZooKeeper).ToList();
Console.WriteLine($"\nours/ZooKeeper (median unavailable): {Median(ours.Select(r => r.UnavailableMs)) / Median(theirs.Select(r => r.UnavailableMs)):0.00}");
var json = JsonSerializer.Serialize(new { workload = "leader-failover", rounds = results });
Console.WriteLine(json);
if (args.Length > 1) await File.WriteAllTextAsync(args[1], json + "\n");
return 0;

static async Task<Round> MeasureAsync(ServerKind kind)
{
    await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 3, options: new ZkServerOptions { TickTimeMs = 2000 });
    var leader = await ensemble.WaitForLeaderAsync(TimeSpan.FromSeconds(60));
    await using var client = await TestClients.ConnectAsync(ensemble.ConnectString, o => o.SessionTimeout = TimeSpan.FromSeconds(20));
    await client.CreateAsync("/failover", null, Acl.OpenAclUnsafe);

    var clock = Stopwatch.StartNew();
    var acks = new List<double>();
    var failed = 0;
    double? killedAt = null;
    var election = Task.FromResult(0.0);
    while (true)
    {
        if (killedAt is null && clock.Elapsed > TimeSpan.FromSeconds(2))
        {
            await leader.KillAsync();
            killedAt = clock.Elapsed.TotalMilliseconds;
            var survivors = ensemble.Members.Where(m => m != leader).ToList();
            election = WaitForServingLeaderAsync(survivors, clock);
        }
        try
        {
            await client.SetDataAsync("/failover", BitConverter.GetBytes(acks.Count));
            acks.Add(clock.Elapsed.TotalMilliseconds);
        }
        catch (KeeperException e) when (e is ConnectionLossException or SessionMovedException or OperationTimeoutException)
        {
            failed++;
            await WaitForConnectedAsync(client);
        }
        if (killedAt is { } k && acks.Count > 0 && acks[^1] > k + 1000) break;
    }
    var before = acks.Last(t => t < killedAt!.Value);
    var after = acks.First(t => t > killedAt!.Value);
    return new Round(kind, after - before, await election - killedAt!.Value, failed);
}

static async Task<double> WaitForServingLeaderAsync(IReadOnlyList<ZkEnsembleMember> survivors, Stopwatch clock)
{
    while (true)
    {
        foreach (var member in survivors)
        {
            if (await member.TryModeAsync() == "leader") return clock.Elapsed.TotalMilliseconds;
        }
        // Poll interval: the probes must not starve the servers of CPU.
        await Task.Delay(5);
    }
}

static async Task WaitForConnectedAsync(ZooKeeperClient client)
{
    using var changes = client.SubscribeToStateChanges();
    if (client.CurrentState == ConnectionState.Connected) return;
    await foreach (var change in changes.ReadAllAsync())
    {
        if (change.Current == ConnectionState.Connected) return;
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record Round(ServerKind Kind, double UnavailableMs, double ElectionMs, int FailedWrites);
