using System.Diagnostics;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// The servers of one phase in the comparison's shape: one <see cref="ServerProcess"/> standalone, or three
/// ensemble members on loopback, each with its own directory, zoo.cfg (the same settings plus the server
/// lines) and myid. Clients spread over <see cref="Addresses"/>, session i on member i mod n.
/// </summary>
internal sealed class ServerCluster : IAsyncDisposable
{
    private static readonly TimeSpan ModePollInterval = TimeSpan.FromMilliseconds(50);

    private ServerCluster(ClusterShape shape, BenchServerKind kind, string directory, IReadOnlyList<ServerProcess> members)
    {
        Shape = shape;
        Kind = kind;
        Directory = directory;
        Members = members;
    }

    public ClusterShape Shape { get; }

    public BenchServerKind Kind { get; }

    public string Directory { get; }

    public IReadOnlyList<ServerProcess> Members { get; }

    public IReadOnlyList<ServerAddress> Addresses => Members.Select(m => m.Address).ToList();

    /// <summary>host:port of every member, comma-separated, as ZooKeeper's connect strings are.</summary>
    public string ConnectString => string.Join(',', Addresses);

    /// <summary>The processes of the running members, for CPU accounting.</summary>
    public IReadOnlyList<int> Pids => Members.Where(m => !m.HasExited).Select(m => m.Pid).ToList();

    /// <summary>Fresh directories under <paramref name="directory"/> (an old one is removed); nothing is started.</summary>
    public static ServerCluster Create(ClusterShape shape, BenchServerKind kind, ServerSetup setup, string directory)
    {
        if (shape == ClusterShape.Standalone)
            return new ServerCluster(shape, kind, directory, [ServerProcess.Create(kind, setup.Installation, directory, setup.TickTimeMs, setup.SnapCount)]);

        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        var layout = EnsembleLayout.OnLoopback(EnsembleLayout.Size);
        var members = layout.Members
            .Select(m => ServerProcess.CreateMember(kind, setup.Installation, Path.Combine(directory, $"server{m.Id}"), layout, m, setup.TickTimeMs, setup.SnapCount))
            .ToList();
        return new ServerCluster(shape, kind, directory, members);
    }

    /// <summary>
    /// Starts every member and waits until each answers a new session's getData of the root; in an ensemble,
    /// first until srvr says exactly one member leads and the others follow. Returns the leader (standalone: the server).
    /// </summary>
    public async Task<ServerProcess> StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (var member in Members) member.Start();
        var leader = Shape == ClusterShape.Standalone ? Members[0] : await WaitForLeaderAsync(timeout, cancellationToken).ConfigureAwait(false);
        foreach (var member in Members)
            await ServingProbe.WaitAsync(member, ZkPath.Root, timeout - clock.Elapsed, cancellationToken).ConfigureAwait(false);
        return leader;
    }

    /// <summary>Kills every member; removes the directory unless the data is to be kept.</summary>
    public async Task DiscardAsync(bool keepData)
    {
        await DisposeAsync().ConfigureAwait(false);
        if (!keepData && System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members) await member.KillAsync().ConfigureAwait(false);
    }

    private async Task<ServerProcess> WaitForLeaderAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            if (Members.FirstOrDefault(m => m.HasExited) is { } exited)
                throw new TimeoutException($"{Kind.Label()} member {exited.MemberId} exited while starting:\n{exited.LogTail()}");
            var modes = new List<(ServerProcess Member, string? Mode)>();
            foreach (var member in Members) modes.Add((member, await FourLetterWord.TryModeAsync(member.Address, cancellationToken).ConfigureAwait(false)));
            last = string.Join(", ", modes.Select(m => $"{m.Member.MemberId}={m.Mode ?? "not serving"}"));
            var leaders = modes.Where(m => m.Mode == "leader").ToList();
            if (leaders.Count == 1 && modes.All(m => m.Mode is "leader" or "follower")) return leaders[0].Member;

            // Poll interval between status probes, not a synchronisation sleep.
            await Task.Delay(ModePollInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{Kind.Label()}: no single leader within {timeout.TotalSeconds:0} s; last modes: {last}\n"
            + string.Join('\n', Members.Select(m => $"--- member {m.MemberId} ---\n{m.LogTail(20)}")));
    }
}
