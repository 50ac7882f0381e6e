using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class RecoveryTests
{
    [Fact]
    public void Empty_directories_recover_to_the_empty_tree()
    {
        using var dir = new TestDirectory();
        var recovered = new StorageRecovery(dir.Options()).Recover();
        Assert.Null(recovered.Snapshot);
        Assert.Equal(0, recovered.LastZxid);
        Assert.Empty(recovered.ReadLog());
        Assert.Empty(recovered.Repairs);
        Assert.Throws<InvalidOperationException>(() => recovered.OpenSnapshot());
    }

    [Fact]
    public async Task Snapshot_plus_log_replay_rebuilds_exactly_the_logged_state()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 41);
        var before = script.Next(150);
        new SnapshotWriter(options).Write(script.LastZxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        var after = script.Next(150);
        await LogFixture.WriteInSegmentsAsync(options, [.. before, .. after], perSegment: 40);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(150, recovered.SnapshotZxid);
        Assert.Equal(300, recovered.LastZxid);
        Assert.Equal(150, recovered.LogRecordCount);
        // Only the segments holding records after the snapshot are read.
        Assert.Equal(["log.0000000000000079", "log.00000000000000a1", "log.00000000000000c9", "log.00000000000000f1", "log.0000000000000119"],
            recovered.LogSegments.Select(Path.GetFileName));
        Txns.AssertSame(after, recovered.ReadLog().ToList());
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(recovered).Dump());
    }

    [Fact]
    public async Task The_log_after_the_snapshot_reads_as_serialized_records_too()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 43);
        var before = script.Next(50);
        new SnapshotWriter(options).Write(script.LastZxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        var after = script.Next(70);
        await LogFixture.WriteInSegmentsAsync(options, [.. before, .. after], perSegment: 30);

        var records = new StorageRecovery(options).Recover().ReadLogRecords().ToList();

        Assert.Equal(after.Select(txn => txn.Zxid), records.Select(record => record.Zxid));
        Assert.Equal(after.Select(txn => TxnRecordCodec.Serialize(txn.Header, txn.Txn)), records.Select(record => record.Data));
        Txns.AssertSame(after, records.Select(record => TxnRecordCodec.Deserialize(record.Data)).ToList());
    }

    [Fact]
    public async Task A_fuzzy_snapshot_that_already_holds_later_transactions_replays_to_the_same_state()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 42);
        var txns = script.Next(100);
        var fuzzy = new TxnScript(seed: 42);
        fuzzy.Next(70);
        // Taken "at" zxid 60 while transactions 61..70 were being applied: it holds their effects too.
        new SnapshotWriter(options).Write(60, fuzzy.Tree.SnapshotSessions(), fuzzy.Tree.SnapshotNodes());
        await LogFixture.WriteAsync(options, txns);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(60, recovered.SnapshotZxid);
        Assert.Equal(40, recovered.ReadLog().Count());
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(recovered).Dump());
    }

    [Fact]
    public async Task Without_a_snapshot_the_whole_log_is_replayed()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 43);
        await LogFixture.WriteInSegmentsAsync(options, script.Next(100), perSegment: 30);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Null(recovered.Snapshot);
        Assert.Equal(100, recovered.LastZxid);
        Assert.Equal(4, recovered.LogSegments.Count);
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(recovered).Dump());
    }

    [Fact]
    public async Task A_snapshot_ahead_of_the_log_sets_where_the_log_continues()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 44);
        await LogFixture.WriteAsync(options, script.Next(50));
        script.Next(10); // applied and snapshotted, but never made durable in the log
        new SnapshotWriter(options).Write(script.LastZxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(60, recovered.LastZxid);
        Assert.Empty(recovered.ReadLog());
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(recovered).Dump());

        // The writer continues at 61, and the next recovery crosses the hole below the snapshot without complaint.
        var more = script.Next(5);
        await LogFixture.WriteAsync(options, more);
        var again = new StorageRecovery(options).Recover();
        Assert.Equal(65, again.LastZxid);
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(again).Dump());
    }

    [Fact]
    public async Task An_unreadable_newest_snapshot_stops_recovery_unless_fallback_is_allowed()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 45);
        var txns = script.Next(40);
        var writer = new SnapshotWriter(options);
        var replica = new TxnScript(seed: 45);
        replica.Next(10);
        writer.Write(10, replica.Tree.SnapshotSessions(), replica.Tree.SnapshotNodes());
        replica.Next(20);
        var newest = writer.Write(30, replica.Tree.SnapshotSessions(), replica.Tree.SnapshotNodes());
        await LogFixture.WriteAsync(options, txns);
        LogFixture.FlipBit(newest, new FileInfo(newest).Length / 2);

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());
        Assert.Equal(newest, error.FilePath);

        var recovered = new StorageRecovery(options with { AllowSnapshotFallback = true }).Recover();
        Assert.Equal(10, recovered.SnapshotZxid);
        Assert.Equal(newest, Assert.Single(recovered.RejectedSnapshots).FilePath);
        Assert.Equal(40, recovered.LastZxid);
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(recovered).Dump());
    }

    [Fact]
    public async Task A_snapshot_left_half_written_by_a_crash_is_removed()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteAsync(options, new TxnScript(seed: 46).Next(5));
        Directory.CreateDirectory(dir.DataDir);
        var leftover = Path.Combine(dir.DataDir, "snapshot.0000000000000005.tmp");
        await File.WriteAllBytesAsync(leftover, [1, 2, 3]);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(StorageRepairKind.DeletedUnfinishedSnapshot, Assert.Single(recovered.Repairs).Kind);
        Assert.False(File.Exists(leftover));
        Assert.Null(recovered.Snapshot);
    }

    [Fact]
    public async Task Recovery_then_writing_then_recovery_again_keeps_every_transaction()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 47);
        var all = new List<LoggedTxn>();
        for (var restart = 0; restart < 4; restart++)
        {
            var recovered = new StorageRecovery(options).Recover();
            Assert.Equal(script.LastZxid, recovered.LastZxid);
            var txns = script.Next(25);
            all.AddRange(txns);
            await LogFixture.WriteAsync(options, txns);
            if (restart == 1) new SnapshotWriter(options).Write(script.LastZxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        }
        var final = new StorageRecovery(options).Recover();
        Assert.Equal(50, final.SnapshotZxid);
        Txns.AssertSame(all[50..], final.ReadLog().ToList());
        Assert.Equal(script.Tree.Dump(), MiniTree.Restore(final).Dump());
    }
}
