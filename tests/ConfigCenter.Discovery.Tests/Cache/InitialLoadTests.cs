using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Discovery.Tests.Cache;

/// <summary>
/// The first lookup of a service waits for the first read of the registry and answers with it. Whatever
/// a lookup sees as "loaded" must already be the published snapshot of that read: answering with the
/// empty placeholder is how a loaded machine once got an empty list for a registered service.
/// </summary>
[Collection(DiscoveryCollection.Name)]
public sealed class InitialLoadTests(SharedServers servers)
{
    private const string Service = "orders";

    [Theory]
    [BothServerKinds]
    public async Task A_lookup_never_finds_the_first_read_done_before_its_snapshot_is_published(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var basePath = Registries.NewBasePath("initial");
        await using var writer = await Registries.ConnectAsync(server.ConnectString);
        await Registries.CreateInstanceNodeAsync(writer, basePath, Service, "a", Registries.InstanceJson(Service, "a", 8001));
        await using var connection = new ZkDiscoveryConnection(Options.Create(new ZkDiscoveryOptions
        {
            ConnectString = server.ConnectString,
            BasePath = basePath,
        }));
        // The cache reads the clock while it publishes: the probe asks for the snapshot at exactly those
        // moments, the interleaving a preempted worker thread gives a lookup on another thread.
        var probe = new LookupProbe();
        await using var discovery = new ZkDiscoveryClient(
            connection, Options.Create(new ZkDiscoveryClientOptions { InitialLoadTimeout = TestTimeouts.Event }),
            NullLogger<ZkDiscoveryClient>.Instance, registrar: null, probe);
        probe.Watch(discovery);

        var snapshot = await discovery.GetSnapshotAsync(Service);

        Assert.Equal(["a"], snapshot.Instances.Select(instance => instance.InstanceId));
        Assert.True(snapshot.IsInitialized);
        Assert.True(probe.Probes > 0, "the cache never read the clock while publishing: the probe proved nothing");
        Assert.True(probe.EarlyAnswers.Count == 0,
            "a lookup was answered as loaded with " + string.Join("; ", probe.EarlyAnswers.Select(SnapshotWaits.Describe)));
    }

    /// <summary>
    /// A clock that, each time the cache reads it, makes a lookup that must not wait and keeps any answer
    /// given at once that is not from the registry (the wait of such a lookup is abandoned right away).
    /// </summary>
    private sealed class LookupProbe : TimeProvider
    {
        private readonly List<ServiceInstancesSnapshot> _earlyAnswers = [];
        private ZkDiscoveryClient? _discovery;
        private int _probes;

        public int Probes => Volatile.Read(ref _probes);

        public IReadOnlyList<ServiceInstancesSnapshot> EarlyAnswers
        {
            get { lock (_earlyAnswers) return [.. _earlyAnswers]; }
        }

        public void Watch(ZkDiscoveryClient discovery) => Volatile.Write(ref _discovery, discovery);

        public override DateTimeOffset GetUtcNow()
        {
            if (Volatile.Read(ref _discovery) is { } discovery)
            {
                Interlocked.Increment(ref _probes);
                using var abandon = new CancellationTokenSource();
                var answer = discovery.GetSnapshotAsync(Service, abandon.Token);
                if (answer.IsCompletedSuccessfully && !answer.Result.IsInitialized)
                {
                    lock (_earlyAnswers) _earlyAnswers.Add(answer.Result);
                }
                abandon.Cancel();
            }
            return base.GetUtcNow();
        }
    }
}
