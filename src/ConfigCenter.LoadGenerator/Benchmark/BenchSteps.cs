using System.Diagnostics;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// The steps the side-by-side benchmarks share: a server in a fresh directory, started and probed until it
/// answers; waiting for a quiet machine; a kill -9 and timed restart; removing the directory afterwards.
/// </summary>
internal sealed class BenchSteps(ServerSetup setup, TimeSpan startTimeout, TextWriter progress)
{
    public ServerSetup Setup => setup;

    /// <summary>A server of the kind in a fresh directory "{kind}-{phase}" under the work directory; not started.</summary>
    public ServerProcess CreateServer(BenchServerKind kind, string phase) =>
        ServerProcess.Create(kind, setup.Installation, Path.Combine(setup.WorkDirectory, $"{kind.Label()}-{phase}"), setup.TickTimeMs, setup.SnapCount);

    /// <summary>The servers of the shape, of the kind, in a fresh directory "{kind}-{phase}" under the work directory; not started.</summary>
    public ServerCluster CreateCluster(BenchServerKind kind, string phase, ClusterShape shape) =>
        ServerCluster.Create(shape, kind, setup, Path.Combine(setup.WorkDirectory, $"{kind.Label()}-{phase}"));

    /// <summary>Starts every member and waits until each serves (an ensemble: one leads); returns the leader.</summary>
    public async Task<ServerProcess> StartFreshAsync(ServerCluster cluster, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var leader = await cluster.StartAsync(startTimeout, cancellationToken).ConfigureAwait(false);
        var role = cluster.Shape == ClusterShape.Standalone ? "" : $", member {leader.MemberId} leads";
        Progress(cluster.Kind, $"fresh {cluster.Shape.Label()} on {cluster.ConnectString} answered after {clock.Elapsed.TotalSeconds:0.00} s{role} (under {cluster.Directory})");
        return leader;
    }

    public Task DiscardAsync(ServerCluster cluster) => cluster.DiscardAsync(setup.KeepData);

    /// <summary>Starts the server and waits until a new session can read the root.</summary>
    public async Task StartFreshAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        server.Start();
        var ready = await ServingProbe.WaitAsync(server, ZkPath.Root, startTimeout, cancellationToken).ConfigureAwait(false);
        Progress(server.Kind, $"fresh server on {server.Address} answered after {ready.TotalSeconds:0.00} s (dataDir {server.DataDir})");
    }

    /// <summary>Kills the server and removes its directory, unless the data is to be kept.</summary>
    public async Task DiscardAsync(ServerProcess server)
    {
        await server.KillAsync().ConfigureAwait(false);
        if (!setup.KeepData && Directory.Exists(server.Directory)) Directory.Delete(server.Directory, recursive: true);
    }

    /// <summary>
    /// Starts a killed server again on its data and times it from the spawn until a new session's getData
    /// of <paramref name="knownPath"/> answers Ok; also the server's CPU over that time.
    /// </summary>
    public async Task<(TimeSpan Restart, CpuUsage Cpu)> RestartAsync(ServerProcess server, string knownPath, CancellationToken cancellationToken)
    {
        await WaitUntilQuietAsync(server.Kind, cancellationToken).ConfigureAwait(false);
        var spawned = Stopwatch.GetTimestamp();
        server.Start();
        var sampler = CpuUsage.Start(server.Pid);
        await ServingProbe.WaitAsync(server, knownPath, startTimeout, cancellationToken).ConfigureAwait(false);
        var restart = Stopwatch.GetElapsedTime(spawned);
        return (restart, sampler.Stop());
    }

    public async Task WaitUntilQuietAsync(BenchServerKind kind, CancellationToken cancellationToken)
    {
        if (setup.QuietWait <= TimeSpan.Zero) return;
        var waited = await MachineCpu.WaitUntilQuietAsync(setup.QuietBusyShare, setup.QuietWait, cancellationToken).ConfigureAwait(false);
        Progress(kind, $"waited {waited.TotalSeconds:0} s for the machine to be quiet");
    }

    public static async Task EnsurePrefixAsync(ServerAddress address, string prefix, CancellationToken cancellationToken)
    {
        await using var client = await ZkRequestClient.ConnectAsync(address, 30_000, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        await client.EnsurePathAsync(prefix, cancellationToken).ConfigureAwait(false);
    }

    public void Progress(BenchServerKind kind, string message)
    {
        progress.WriteLine($"[{DateTime.Now:HH:mm:ss}] [{kind.Label()}] {message}");
        progress.Flush();
    }
}
