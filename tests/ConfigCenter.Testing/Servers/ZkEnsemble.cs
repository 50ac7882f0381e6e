using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ConfigCenter.Testing.Servers;

/// <summary>
/// An ensemble of real server processes of one kind on loopback — a pseudo-cluster as ZooKeeper's docs
/// describe it: one zoo.cfg, dataDir and myid per member, server.N lines naming every member's peer and
/// election ports.
/// </summary>
public sealed class ZkEnsemble : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private ZkEnsemble(ServerKind kind, IReadOnlyList<ZkEnsembleMember> members)
    {
        Kind = kind;
        Members = members;
    }

    public ServerKind Kind { get; }

    public IReadOnlyList<ZkEnsembleMember> Members { get; }

    /// <summary>Every member's client address, for clients that fail over.</summary>
    public string ConnectString => string.Join(",", Members.Select(m => m.ConnectString));

    public ZkEnsembleMember this[long id] => Members.Single(m => m.Id == id);

    /// <summary>
    /// Starts <paramref name="voters"/> participants and <paramref name="observers"/> observers (ids 1..n,
    /// observers last), launching them in <paramref name="startOrder"/> (ids; default ascending), and waits until every member serves.
    /// </summary>
    public static async Task<ZkEnsemble> StartAsync(ServerKind kind, int voters, int observers = 0, ZkServerOptions? options = null,
        IReadOnlyList<long>? startOrder = null, CancellationToken cancellationToken = default)
    {
        options ??= new ZkServerOptions { TickTimeMs = 200 };
        var work = Path.Combine(Path.GetTempPath(), "configcenter-tests", $"{kind}-ensemble-{Guid.NewGuid().ToString("N")[..8]}");
        var specs = Enumerable.Range(1, voters + observers)
            .Select(id => (Id: (long)id, Observer: id > voters, Client: FreePorts.Next(), Peer: FreePorts.Next(), Election: FreePorts.Next()))
            .ToList();
        var serverLines = new StringBuilder();
        foreach (var spec in specs)
        {
            serverLines.Append(CultureInfo.InvariantCulture, $"server.{spec.Id}=127.0.0.1:{spec.Peer}:{spec.Election}{(spec.Observer ? ":observer" : "")}\n");
        }
        var members = new List<ZkEnsembleMember>();
        foreach (var spec in specs)
        {
            var dir = Path.Combine(work, $"server{spec.Id}");
            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "myid"), spec.Id.ToString(CultureInfo.InvariantCulture));
            var config = ZooCfg.Render(options, spec.Client, data) + "initLimit=10\nsyncLimit=5\n" + serverLines
                + (spec.Observer ? "peerType=observer\n" : "");
            var configPath = Path.Combine(dir, "zoo.cfg");
            File.WriteAllText(configPath, config);
            var command = kind == ServerKind.ApacheZooKeeper
                ? ApacheZooKeeperCommand.Create(configPath, options, quorum: true)
                : ConfigCenterServerCommand.Create(configPath);
            var process = new ZkServerProcess(kind, spec.Client, options.TickTimeMs, command, dir, data, configPath, Path.Combine(dir, "server.log"));
            members.Add(new ZkEnsembleMember(spec.Id, spec.Observer, process));
        }
        var ensemble = new ZkEnsemble(kind, members);
        try
        {
            foreach (var id in startOrder ?? members.Select(m => m.Id).ToList()) ensemble[id].Launch();
            foreach (var member in members) await member.WaitUntilServingAsync(cancellationToken).ConfigureAwait(false);
            return ensemble;
        }
        catch
        {
            await ensemble.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until exactly one running member leads and every other running member follows or observes it.</summary>
    public async Task<ZkEnsembleMember> WaitForLeaderAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            var modes = new List<(ZkEnsembleMember Member, string? Mode)>();
            foreach (var member in Members.Where(m => m.IsRunning)) modes.Add((member, await member.TryModeAsync(cancellationToken).ConfigureAwait(false)));
            last = string.Join(", ", modes.Select(m => $"{m.Member.Id}={m.Mode ?? "?"}"));
            var leaders = modes.Where(m => m.Mode == "leader").ToList();
            if (leaders.Count == 1 && modes.All(m => m.Mode is "leader" or "follower" or "observer")) return leaders[0].Member;
            // Poll interval between status probes, not a synchronisation sleep.
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"no single leader within {timeout.TotalSeconds:0} s; last modes: {last}\n{LogTails()}");
    }

    public string LogTails(int maxLines = 30) =>
        string.Join("\n", Members.Select(m => $"--- server {m.Id} ---\n{m.ReadLogTail(maxLines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members) await member.DisposeAsync().ConfigureAwait(false);
    }
}
