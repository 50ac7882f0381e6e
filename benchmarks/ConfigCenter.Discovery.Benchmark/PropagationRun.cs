using ConfigCenter.Client;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Discovery.Benchmark;

/// <summary>One server: start it, connect the consumers, register and remove an instance repeatedly, time each.</summary>
public static class PropagationRun
{
    private const string Service = "bench";
    private const string BasePath = "/services";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public sealed record Result(List<TimeSpan> Registrations, List<TimeSpan> Removals);

    public static async Task<Result> RunAsync(ServerKind kind, BenchmarkSettings settings)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var connections = new List<ZkDiscoveryConnection>();
        var consumers = new List<ZkDiscoveryClient>();
        try
        {
            for (var i = 0; i < settings.Consumers; i++)
            {
                var connection = new ZkDiscoveryConnection(Options.Create(new ZkDiscoveryOptions
                {
                    ConnectString = server.ConnectString,
                    BasePath = BasePath,
                    SessionTimeout = TimeSpan.FromSeconds(30),
                }));
                connections.Add(connection);
                // Raw propagation: no shrink protection (1 -> 0 instances would be held otherwise).
                consumers.Add(new ZkDiscoveryClient(connection, Options.Create(new ZkDiscoveryClientOptions { ProtectionThreshold = 0 }),
                    NullLogger<ZkDiscoveryClient>.Instance));
            }
            await Task.WhenAll(consumers.Select(consumer => consumer.GetSnapshotAsync(Service)));

            await using var writer = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectString = server.ConnectString });
            await writer.EnsurePathAsync($"{BasePath}/{Service}");
            var result = new Result([], []);
            for (var iteration = 0; iteration < settings.Iterations; iteration++)
            {
                var id = $"instance-{iteration}";
                var path = $"{BasePath}/{Service}/{id}";
                var data = CuratorInstanceSerializer.Serialize(new ZkServiceInstance(Service, id, "127.0.0.1", 8000 + iteration, null));

                using (var registered = new PropagationProbe(consumers, Service, snapshot => snapshot.Instances.Any(instance => instance.InstanceId == id)))
                {
                    registered.MarkStart();
                    await writer.CreateAsync(path, data, Acl.OpenAclUnsafe, CreateMode.Ephemeral);
                    result.Registrations.AddRange(await registered.WaitAsync(Timeout));
                }

                using (var removed = new PropagationProbe(consumers, Service, snapshot => snapshot.Instances.All(instance => instance.InstanceId != id)))
                {
                    removed.MarkStart();
                    await writer.DeleteAsync(path);
                    result.Removals.AddRange(await removed.WaitAsync(Timeout));
                }
            }
            return result;
        }
        finally
        {
            foreach (var consumer in consumers) await consumer.DisposeAsync();
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }
}
