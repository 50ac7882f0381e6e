using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Tests.Simulation;
using ConfigCenter.Protocol;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>A write a client was told succeeded: the transaction it became.</summary>
internal sealed record AckedWrite(int Client, OpCode Type, string Path, long Zxid, byte[]? Data);

/// <summary>An ephemeral a client was told it created.</summary>
internal sealed record AckedEphemeral(string Path, long Owner, long Czxid);

/// <summary>
/// The server-level safety properties, checked after every step on every live server whose applied state
/// moved: one established leader per epoch; every applied transaction is the committed history's, in its
/// position; servers at the same zxid hold the same tree; ephemerals belong to open sessions and go with
/// them; the session tracker holds exactly the sessions open at the applied zxid; every acknowledged
/// ephemeral stays until its session ends or it is deleted. The clients check their own views
/// (<see cref="SimClient"/>) and report acknowledged writes here for the final check.
/// </summary>
internal sealed class ServerInvariants(IReadOnlyList<SimServer> servers, CommittedHistory history)
{
    private readonly Dictionary<long, PeerId> _leaders = [];
    private readonly Dictionary<long, (ulong Digest, PeerId Server)> _digests = [];
    private readonly List<AckedWrite> _acked = [];
    private readonly List<AckedEphemeral> _ephemerals = [];

    public int AckedWrites => _acked.Count;
    public int EstablishedEpochs => _leaders.Count;

    public void OnAcked(AckedWrite write) => _acked.Add(write);

    public void OnAckedEphemeral(AckedEphemeral ephemeral) => _ephemerals.Add(ephemeral);

    /// <summary>A server (re)started from its disk: its tree is a snapshot, which must be a point of the history.</summary>
    public void OnStarted(SimServer server)
    {
        var core = server.Core!;
        server.CheckedZxid = core.LastZxid;
        history.CheckPoint(server.Id, core.LastZxid);
        CheckState(server, digest: true);
    }

    public void AfterStep()
    {
        foreach (var server in servers)
        {
            if (server.Member is not { } member || server.Core is not { } core) continue;
            // A frozen server may not have taken its Ready yet: the entries in it count as handed out.
            if (!member.Peer.HasReady && member.Peer.AppliedZxid != core.LastZxid)
                throw new SimulationFailure($"server {server.Id}: Zab handed out entries up to {Zxid.Format(member.Peer.AppliedZxid)}, the state machine is at {Zxid.Format(core.LastZxid)}");
            if (core.LastZxid > server.Disk.LastDurableZxid)
                throw new SimulationFailure($"server {server.Id} applied {Zxid.Format(core.LastZxid)} beyond its durable log {Zxid.Format(server.Disk.LastDurableZxid)}");
            var status = member.Status;
            if (status is { Role: PeerRole.Leading, Serving: true })
            {
                if (_leaders.TryGetValue(status.Epoch, out var other) && other != server.Id)
                    throw new SimulationFailure($"split brain: servers {other} and {server.Id} both established epoch {status.Epoch}");
                _leaders[status.Epoch] = server.Id;
            }
            if (core.LastZxid != server.CheckedZxid) CheckApplied(server);
        }
    }

    /// <summary>A server installed a leader's snapshot: its state jumped there.</summary>
    public void OnSnapshotInstalled(SimServer server, long zxid)
    {
        if (zxid < server.CheckedZxid)
            throw new SimulationFailure($"server {server.Id} installed a snapshot at {Zxid.Format(zxid)}, behind the {Zxid.Format(server.CheckedZxid)} it had applied");
        history.CheckPoint(server.Id, zxid);
        server.CheckedZxid = zxid;
    }

    /// <summary>The end of a healed run: one tree, one session table, every acknowledged write in place.</summary>
    public void CheckConverged()
    {
        var first = servers[0].Core ?? throw new SimulationFailure($"server {servers[0].Id} is down at the end");
        var digest = TreeDigest.Of(first.Tree);
        foreach (var server in servers)
        {
            var core = server.Core ?? throw new SimulationFailure($"server {server.Id} is down at the end");
            if (core.LastZxid != history.LastZxid)
                throw new SimulationFailure($"server {server.Id} ended at {Zxid.Format(core.LastZxid)}, the committed history at {Zxid.Format(history.LastZxid)}");
            if (TreeDigest.Of(core.Tree) != digest)
                throw new SimulationFailure($"servers {servers[0].Id} and {server.Id} ended at the same zxid with different trees");
            CheckState(server, digest: false);
        }
        foreach (var write in _acked)
        {
            // Superseded writes are judged by the history's own checks; the last change to a path must be visible.
            if (history.LastTouch(write.Path) != write.Zxid) continue;
            var node = first.Tree.GetNode(write.Path);
            var intact = write.Type switch
            {
                OpCode.Delete => node is null,
                OpCode.SetData => node is not null && node.Mzxid == write.Zxid && node.Data.AsSpan().SequenceEqual(write.Data),
                _ => node is not null && node.Czxid == write.Zxid && node.Data.AsSpan().SequenceEqual(write.Data),
            };
            if (!intact)
                throw new SimulationFailure($"client {write.Client} was told its {write.Type} of {write.Path} succeeded as {Zxid.Format(write.Zxid)}, the last change to that path; the converged tree does not show it");
        }
    }

    /// <summary>
    /// Sessions a server tracks that are not open in the committed history: being created right now, or
    /// phantoms that will never be (the run's end waits for none to be left).
    /// </summary>
    public IEnumerable<string> UncommittedSessions() =>
        from server in servers
        where server.Core is not null
        from session in server.Core!.Sessions.All
        where !history.IsOpenAt(session.Id, server.Core!.LastZxid)
        select $"{server.Id} tracks 0x{session.Id:x}";

    private void CheckApplied(SimServer server)
    {
        var core = server.Core!;
        var applied = core.LastZxid;
        if (applied < server.CheckedZxid)
            throw new SimulationFailure($"server {server.Id} went back from {Zxid.Format(server.CheckedZxid)} to {Zxid.Format(applied)}");
        var previous = server.CheckedZxid;
        foreach (var entry in server.Disk.Durable)
        {
            if (entry.Zxid <= previous) continue;
            if (entry.Zxid > applied) break;
            history.OnApplied(server.Id, previous, entry);
            previous = entry.Zxid;
        }
        if (previous != applied)
            throw new SimulationFailure($"server {server.Id} applied up to {Zxid.Format(applied)} but its durable log holds only up to {Zxid.Format(previous)} of it");
        server.CheckedZxid = applied;
        CheckState(server, digest: Sampled(applied));
    }

    private void CheckState(SimServer server, bool digest)
    {
        var core = server.Core!;
        var zxid = core.LastZxid;
        if (digest)
        {
            var mine = TreeDigest.Of(core.Tree);
            if (_digests.TryGetValue(zxid, out var known) && known.Digest != mine)
                throw new SimulationFailure($"servers {known.Server} and {server.Id} both applied up to {Zxid.Format(zxid)} and hold different trees");
            _digests.TryAdd(zxid, (mine, server.Id));
        }
        foreach (var (owner, paths) in core.Tree.EphemeralsBySession)
        {
            if (paths.Count == 0) continue;
            if (core.Sessions.Get(owner) is null)
                throw new SimulationFailure($"server {server.Id} at {Zxid.Format(zxid)} holds ephemeral {paths.Min} of session 0x{owner:x}, which its session tracker does not hold");
            if (history.IsClosedBy(owner, zxid))
                throw new SimulationFailure($"server {server.Id} at {Zxid.Format(zxid)} still holds ephemeral {paths.Min} of session 0x{owner:x}, closed at {Zxid.Format(history.Sessions[owner].Closed)}");
        }
        foreach (var (id, life) in history.Sessions)
        {
            if (life.Opened > zxid) continue;
            var open = life.Closed > zxid;
            if ((core.Sessions.Get(id) is not null) != open)
                throw new SimulationFailure($"server {server.Id} at {Zxid.Format(zxid)} {(open ? "does not track" : "still tracks")} session 0x{id:x} (opened {Zxid.Format(life.Opened)}, closed {(open ? "never" : Zxid.Format(life.Closed))})");
        }
        foreach (var ephemeral in _ephemerals)
        {
            if (ephemeral.Czxid > zxid || !history.IsOpenAt(ephemeral.Owner, zxid) || history.TouchedBetween(ephemeral.Path, ephemeral.Czxid, zxid)) continue;
            var node = core.Tree.GetNode(ephemeral.Path);
            if (node is null || node.EphemeralOwner != ephemeral.Owner || node.Czxid != ephemeral.Czxid)
                throw new SimulationFailure($"server {server.Id} at {Zxid.Format(zxid)} lost acknowledged ephemeral {ephemeral.Path} of open session 0x{ephemeral.Owner:x}");
        }
    }

    // Tree digests cost a walk of the tree: every server landing on one of a quarter of the zxids compares there.
    private static bool Sampled(long zxid) => ((ulong)zxid * 0x9E3779B97F4A7C15UL) >> 62 == 0;
}
