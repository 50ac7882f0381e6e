using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Consensus.Tests.Support;

namespace ConfigCenter.Consensus.Tests.Sync;

/// <summary>
/// The learner's side of discovery and synchronization, and what its Readys promise: the orderings
/// whose violations lost data in ZooKeeper (section 2.3 of the research notes).
/// </summary>
public sealed class LearnerSyncTests
{
    private const long Epoch = 5;

    private static long Z(long epoch, long counter) => Zxid.Make(epoch, counter);

    private static LogEntry E(long zxid) => new(zxid, ScriptedEnsemble.Payload(zxid));

    private static Messages.Sync Diff(long connection, long prev, long[] entries, long commit) =>
        new(Epoch, connection, SyncMode.Diff, prev, 0, null, entries.Select(E).ToList(), entries.Length > 0 ? entries[^1] : prev, commit);

    /// <summary>A learner with log 1:1 that accepted <see cref="Epoch"/> and is waiting for its sync.</summary>
    private static LearnerDriver AwaitingSync(long[]? log = null, long committed = 0)
    {
        var driver = new LearnerDriver(1, 1, committed, log ?? [Z(1, 1)]);
        driver.FollowLeader(Epoch);
        driver.FromLeader(new NewEpoch(Epoch, driver.Connection, false));
        driver.PersistAll();
        return driver;
    }

    private static LearnerDriver Serving()
    {
        var driver = AwaitingSync();
        driver.FromLeader(Diff(driver.Connection, Z(1, 1), [Z(1, 2)], Z(1, 1)));
        driver.PersistAll();
        driver.FromLeader(new UpToDate(Epoch, driver.Connection, Z(1, 2)));
        return driver;
    }

    [Fact]
    public void ACKEPOCH_leaves_in_the_same_Ready_as_the_accepted_epoch_it_promises()
    {
        var driver = new LearnerDriver(1, 1, 0, Z(1, 1));
        driver.FollowLeader(Epoch);
        var readys = driver.FromLeader(new NewEpoch(Epoch, driver.Connection, false));
        var ready = Assert.Single(readys, r => r.Messages.Any(m => m.Message is AckEpoch));
        // The contract: hard state is durable before the Ready's messages are sent.
        Assert.Equal(new HardState(Epoch, 1), ready.HardState);
        var ack = Assert.IsType<AckEpoch>(ready.Messages.Single(m => m.Message is AckEpoch).Message);
        Assert.Equal((1L, Z(1, 1)), (ack.CurrentEpoch, ack.LastZxid));
    }

    [Fact]
    public void NEWLEADER_is_acknowledged_only_once_the_synced_history_is_durable_ZOOKEEPER_3911()
    {
        var driver = AwaitingSync();
        var onSync = driver.FromLeader(Diff(driver.Connection, Z(1, 1), [Z(1, 2), Z(1, 3)], Z(1, 1)));
        Assert.Equal([Z(1, 2), Z(1, 3)], onSync.SelectMany(r => r.EntriesToPersist).Select(e => e.Zxid));
        Assert.DoesNotContain(onSync.SelectMany(r => r.Messages), m => m.Message is AckNewLeader);

        // Half the history on disk is not enough.
        driver.Peer.PersistDone(Z(1, 2));
        Assert.False(driver.Peer.HasReady && driver.Peer.TakeReady().Messages.Any(m => m.Message is AckNewLeader));

        var onDurable = driver.PersistAll();
        var ready = Assert.Single(onDurable, r => r.Messages.Any(m => m.Message is AckNewLeader));
        Assert.Equal(Z(1, 3), ready.Messages.Select(m => m.Message).OfType<AckNewLeader>().Single().Zxid);
    }

    [Fact]
    public void CurrentEpoch_is_written_only_after_the_synced_history_ZOOKEEPER_4643_4646()
    {
        var driver = AwaitingSync();
        var onSync = driver.FromLeader(Diff(driver.Connection, Z(1, 1), [Z(1, 2), Z(1, 3)], Z(1, 1)));
        Assert.All(onSync, r => Assert.Null(r.HardState));

        var onDurable = driver.PersistAll();
        // Written together with NEWLEADER's ACK, after the entries it vouches for are on disk.
        var ready = Assert.Single(onDurable, r => r.HardState is not null);
        Assert.Equal(Epoch, ready.HardState!.Value.CurrentEpoch);
        Assert.Contains(ready.Messages, m => m.Message is AckNewLeader);
    }

    [Fact]
    public void A_crash_before_the_synced_history_is_durable_leaves_the_old_epoch_and_vote()
    {
        var driver = AwaitingSync();
        driver.FromLeader(Diff(driver.Connection, Z(1, 1), [Z(1, 2), Z(1, 3)], Z(1, 1)));
        driver.CrashAndRestart();
        // It cannot claim epoch 5's history in an election: it votes with what it really holds.
        Assert.Equal(new HardState(Epoch, 1), driver.Storage.Hard);
        Assert.Equal(Z(1, 1), driver.Peer.LastLoggedZxid);
        Assert.Equal((1L, Z(1, 1)), (driver.Peer.CurrentVote.Epoch, driver.Peer.CurrentVote.Zxid));
    }

    [Fact]
    public void A_truncation_below_the_committed_history_is_refused_ZOOKEEPER_1154()
    {
        var driver = AwaitingSync([Z(1, 1), Z(1, 2), Z(1, 3)], committed: Z(1, 2));
        var trunc = new Messages.Sync(Epoch, driver.Connection, SyncMode.Trunc, Z(1, 1), Z(1, 1), null, [], Z(1, 1), Z(1, 1));
        Assert.Throws<ZabSafetyException>(() => driver.FromLeader(trunc));
    }

    [Fact]
    public void A_truncation_to_a_zxid_this_log_does_not_hold_is_refused()
    {
        var driver = AwaitingSync([Z(1, 1), Z(2, 1), Z(2, 2)]);
        var trunc = new Messages.Sync(Epoch, driver.Connection, SyncMode.Trunc, Z(1, 2), Z(1, 2), null, [], Z(1, 2), Z(1, 1));
        Assert.Throws<ZabSafetyException>(() => driver.FromLeader(trunc));
    }

    [Fact]
    public void A_truncation_cuts_uncommitted_entries_before_the_new_ones_are_appended()
    {
        var driver = AwaitingSync([Z(1, 1), Z(1, 2), Z(1, 3)], committed: Z(1, 1));
        var readys = driver.FromLeader(new Messages.Sync(Epoch, driver.Connection, SyncMode.Trunc, Z(1, 1), Z(1, 1), null, [E(Z(4, 1))], Z(4, 1), Z(1, 1)));
        var ready = Assert.Single(readys, r => r.TruncateAfterZxid is not null);
        Assert.Equal(Z(1, 1), ready.TruncateAfterZxid);
        Assert.Equal([Z(4, 1)], ready.EntriesToPersist.Select(e => e.Zxid));
        driver.PersistAll();
        Assert.Equal([Z(1, 1), Z(4, 1)], driver.Storage.ReadAfter(0, 10).Select(e => e.Zxid));
    }

    [Fact]
    public void A_snapshot_older_than_the_applied_state_is_refused()
    {
        var driver = AwaitingSync([Z(1, 1), Z(1, 2), Z(1, 3)], committed: Z(1, 3));
        var snap = new Messages.Sync(Epoch, driver.Connection, SyncMode.Snap, Z(1, 2), 0, new ZabSnapshot(Z(1, 2), [1]), [], Z(1, 2), Z(1, 2));
        Assert.Throws<ZabSafetyException>(() => driver.FromLeader(snap));
    }

    [Fact]
    public void Proposals_are_acknowledged_once_durable_and_cumulatively()
    {
        var driver = Serving();
        var onProposal = driver.FromLeader(new Proposal(Epoch, driver.Connection, Z(1, 2), [E(Z(Epoch, 1)), E(Z(Epoch, 2))]));
        Assert.DoesNotContain(onProposal.SelectMany(r => r.Messages), m => m.Message is Ack);
        var acks = driver.PersistAll().SelectMany(r => r.Messages).Select(m => m.Message).OfType<Ack>().ToList();
        Assert.Equal(Z(Epoch, 2), Assert.Single(acks).Zxid);
    }

    [Fact]
    public void Committed_entries_are_applied_only_once_durable_and_in_zxid_order()
    {
        var driver = Serving();
        driver.FromLeader(new Proposal(Epoch, driver.Connection, Z(1, 2), [E(Z(Epoch, 1)), E(Z(Epoch, 2))]));
        var onCommit = driver.FromLeader(new Commit(Epoch, driver.Connection, Z(Epoch, 2)));
        Assert.Empty(onCommit.SelectMany(r => r.CommittedEntries));
        var applied = driver.PersistAll().SelectMany(r => r.CommittedEntries).Select(e => e.Zxid);
        Assert.Equal([Z(Epoch, 1), Z(Epoch, 2)], applied);
    }

    [Fact]
    public void A_gap_in_the_leaders_stream_ends_the_connection()
    {
        var driver = Serving();
        driver.FromLeader(new Proposal(Epoch, driver.Connection, Z(Epoch, 7), [E(Z(Epoch, 8))]));
        Assert.Equal(PeerRole.Looking, driver.Peer.Status.Role);
        Assert.Equal(Z(1, 2), driver.Peer.LastLoggedZxid);
    }

    [Fact]
    public void A_duplicated_proposal_is_logged_once()
    {
        var driver = Serving();
        var proposal = new Proposal(Epoch, driver.Connection, Z(1, 2), [E(Z(Epoch, 1))]);
        driver.FromLeader(proposal);
        var again = driver.FromLeader(proposal);
        Assert.Empty(again.SelectMany(r => r.EntriesToPersist));
        Assert.Equal(PeerRole.Following, driver.Peer.Status.Role);
    }

    [Fact]
    public void Messages_of_another_connection_are_ignored()
    {
        var driver = Serving();
        var stale = driver.FromLeader(new Proposal(Epoch, driver.Connection + 1, Z(1, 2), [E(Z(Epoch, 1))]));
        Assert.Empty(stale.SelectMany(r => r.EntriesToPersist));
    }

    [Fact]
    public void The_accepted_epoch_is_refused_to_a_leader_not_known_to_have_it_unless_established()
    {
        // Accepted epoch 5 before a restart: it no longer knows for whom.
        var refusing = new LearnerDriver(Epoch, 1, 0, Z(1, 1));
        refusing.FollowLeader(Epoch);
        refusing.FromLeader(new NewEpoch(Epoch, refusing.Connection, LeaderEstablished: false));
        Assert.Equal(PeerRole.Looking, refusing.Peer.Status.Role);
        Assert.DoesNotContain(refusing.SentToLeader, m => m is AckEpoch);

        var joining = new LearnerDriver(Epoch, 1, 0, Z(1, 1));
        joining.FollowLeader(Epoch);
        joining.FromLeader(new NewEpoch(Epoch, joining.Connection, LeaderEstablished: true));
        Assert.Contains(joining.SentToLeader, m => m is AckEpoch);
    }

    [Fact]
    public void An_epoch_older_than_the_accepted_one_is_refused()
    {
        var driver = new LearnerDriver(Epoch + 1, 1, 0, Z(1, 1));
        driver.FollowLeader(Epoch);
        driver.FromLeader(new NewEpoch(Epoch, driver.Connection, LeaderEstablished: true));
        Assert.Equal(PeerRole.Looking, driver.Peer.Status.Role);
    }
}
