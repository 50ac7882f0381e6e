using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConfigCenter.Client;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Configuration.Benchmark;

/// <summary>
/// Against one fresh server: sets a znode, notes when the write is acknowledged, and waits for
/// IOptionsMonitor.OnChange to deliver the new value; one write at a time, ReloadDelay zero.
/// </summary>
public static class ReloadLatencyRun
{
    public sealed record Result(ServerKind Kind, int Samples, double P50, double P99, double Max);

    public static async Task<Result> RunAsync(ServerKind kind, int iterations, int warmup)
    {
        await using var server = await ZkServers.StartAsync(kind, new ZkServerOptions());
        await using var writer = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = server.ConnectString });
        const string root = "/benchmark/latency";
        await writer.EnsurePathAsync(root);
        await writer.CreateAsync($"{root}/Value", "0"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);

        var configuration = new ConfigurationBuilder()
            .AddZkConfiguration(server.ConnectString, root, options => options.ReloadDelay = TimeSpan.Zero)
            .Build();
        await using var services = new ServiceCollection().Configure<LatencyOptions>(configuration).BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<LatencyOptions>>();
        var arrivals = new Dictionary<string, TaskCompletionSource<long>>();
        using var subscription = monitor.OnChange(options =>
        {
            lock (arrivals)
                if (options.Value is { } value && arrivals.TryGetValue(value, out var arrived)) arrived.TrySetResult(Stopwatch.GetTimestamp());
        });

        var latencies = new List<double>();
        for (var i = 1; i <= warmup + iterations; i++)
        {
            var value = i.ToString(CultureInfo.InvariantCulture);
            var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (arrivals) arrivals[value] = arrived;
            await writer.SetDataAsync($"{root}/Value", Encoding.UTF8.GetBytes(value));
            var acknowledged = Stopwatch.GetTimestamp();
            var changedAt = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // OnChange can run before the writer has processed its own reply: that counts as zero.
            if (i > warmup) latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(acknowledged, changedAt).TotalMilliseconds));
        }
        foreach (var provider in configuration.Providers.OfType<IAsyncDisposable>()) await provider.DisposeAsync();

        latencies.Sort();
        return new Result(kind, latencies.Count, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), latencies[^1]);
    }
}
