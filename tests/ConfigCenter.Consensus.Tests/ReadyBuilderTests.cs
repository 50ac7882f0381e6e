using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Tests;

/// <summary>How outputs gathered between two TakeReady calls are folded into the Ready's normal form.</summary>
public sealed class ReadyBuilderTests
{
    private static long Z(long counter) => Zxid.Make(1, counter);

    private static LogEntry E(long counter) => new(Z(counter), [(byte)counter]);

    [Fact]
    public void A_truncation_drops_entries_the_shell_has_not_seen_and_keeps_the_lowest_cut()
    {
        var builder = new ReadyBuilder(16);
        builder.TruncateAfter(Z(5));
        builder.Append(E(6));
        builder.Append(E(7));
        builder.TruncateAfter(Z(6));
        var ready = builder.Take();
        Assert.Equal(Z(5), ready.TruncateAfterZxid);
        Assert.Equal([Z(6)], ready.EntriesToPersist.Select(e => e.Zxid));
    }

    [Fact]
    public void A_snapshot_replaces_earlier_truncations_appends_and_applies()
    {
        var builder = new ReadyBuilder(16);
        builder.Committed(E(1));
        builder.TruncateAfter(Z(1));
        builder.Append(E(2));
        builder.InstallSnapshot(new ZabSnapshot(Z(3), [3]));
        builder.Append(E(4));
        var ready = builder.Take();
        Assert.Equal(Z(3), ready.SnapshotToInstall!.Zxid);
        Assert.Null(ready.TruncateAfterZxid);
        Assert.Equal([Z(4)], ready.EntriesToPersist.Select(e => e.Zxid));
        Assert.Empty(ready.CommittedEntries);
    }

    [Fact]
    public void Consecutive_chained_proposals_to_one_peer_become_one_message_up_to_the_batch_limit()
    {
        var builder = new ReadyBuilder(maxBatchEntries: 3);
        var to = new PeerId(2);
        for (var i = 1; i <= 4; i++) builder.Send(to, new Proposal(7, 1, Z(i - 1), [E(i)]));
        var messages = builder.Take().Messages.Select(m => (Proposal)m.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal([Z(1), Z(2), Z(3)], messages[0].Entries.Select(e => e.Zxid));
        Assert.Equal([Z(4)], messages[1].Entries.Select(e => e.Zxid));
    }

    [Fact]
    public void A_newer_commit_or_ack_replaces_the_unsent_one_but_never_jumps_over_another_message()
    {
        var builder = new ReadyBuilder(16);
        var to = new PeerId(2);
        builder.Send(to, new Commit(7, 1, Z(1)));
        builder.Send(to, new Commit(7, 1, Z(2)));
        builder.Send(to, new Proposal(7, 1, Z(2), [E(3)]));
        builder.Send(to, new Commit(7, 1, Z(3)));
        var messages = builder.Take().Messages.Select(m => m.Message).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal(Z(2), Assert.IsType<Commit>(messages[0]).Zxid);
        Assert.IsType<Proposal>(messages[1]);
        Assert.Equal(Z(3), Assert.IsType<Commit>(messages[2]).Zxid);
    }
}
