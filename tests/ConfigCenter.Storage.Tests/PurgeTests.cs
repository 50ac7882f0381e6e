using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Purge;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class PurgeTests
{
    /// <summary>
    /// Sixty transactions in segments starting at 1, 15, 25, 35 and 45, with snapshots at 10, 20, 30,
    /// 40 and 50, as a server that rolls its log after each snapshot (a little late) would leave them.
    /// </summary>
    private static async Task<TxnScript> BuildHistoryAsync(StorageOptions options)
    {
        var script = new TxnScript(seed: 51);
        var snapshots = new SnapshotWriter(options);
        var reports = new DurabilityLog();
        await using var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed);
        for (var zxid = 1; zxid <= 60; zxid++)
        {
            if (zxid is 15 or 25 or 35 or 45) writer.RollLog();
            await LogFixture.WriteOneByOneAsync(writer, script.Next(1));
            if (zxid % 10 == 0 && zxid <= 50) snapshots.Write(zxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        }
        Assert.Empty(reports.Failures);
        return script;
    }

    [Fact]
    public async Task Keeps_the_newest_snapshots_and_the_log_needed_to_replay_from_the_oldest_kept()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = await BuildHistoryAsync(options);

        var result = new StoragePurger(options).Purge();

        Assert.Equal([StorageFileNames.Snapshot(10), StorageFileNames.Snapshot(20)], result.DeletedSnapshots.Select(Path.GetFileName));
        Assert.Equal([StorageFileNames.LogSegment(1), StorageFileNames.LogSegment(15)], result.DeletedLogSegments.Select(Path.GetFileName));
        Assert.Equal([StorageFileNames.Snapshot(30), StorageFileNames.Snapshot(40), StorageFileNames.Snapshot(50)], dir.Snapshots().Select(Path.GetFileName));
        Assert.Equal([25L, 35, 45], dir.LogSegments().Select(p => { StorageFileNames.TryParseLogSegment(Path.GetFileName(p), out var z); return z; }));

        // Even with both newer snapshots unreadable, the oldest kept one plus the kept log rebuild the state.
        LogFixture.FlipBit(dir.Snapshots()[2], 40);
        LogFixture.FlipBit(dir.Snapshots()[1], 40);
        var recovered = new StorageRecovery(options with { AllowSnapshotFallback = true }).Recover();
        Assert.Equal(30, recovered.SnapshotZxid);
        Assert.Equal(60, recovered.LastZxid);
        using var snapshot = recovered.OpenSnapshot();
        var tree = MiniTree.Load(snapshot);
        foreach (var txn in recovered.ReadLog()) tree.Apply(txn);
        Assert.Equal(script.Tree.Dump(), tree.Dump());
    }

    [Fact]
    public async Task Purging_again_removes_nothing_more()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await BuildHistoryAsync(options);
        new StoragePurger(options).Purge();
        var again = new StoragePurger(options).Purge();
        Assert.Empty(again.DeletedSnapshots);
        Assert.Empty(again.DeletedLogSegments);
    }

    [Fact]
    public async Task Never_keeps_fewer_than_three_snapshots()
    {
        using var dir = new TestDirectory();
        var options = dir.Options() with { SnapRetainCount = 1 };
        await BuildHistoryAsync(options);
        var result = new StoragePurger(options).Purge();
        Assert.Equal(2, result.DeletedSnapshots.Count);
        Assert.Equal(3, dir.Snapshots().Length);
    }

    [Fact]
    public async Task A_snapshot_cut_short_does_not_count_among_those_kept()
    {
        using var dir = new TestDirectory();
        var options = dir.Options() with { SnapRetainCount = 4 };
        await BuildHistoryAsync(options);
        var newest = dir.Snapshots()[^1];
        LogFixture.Truncate(newest, new FileInfo(newest).Length - 10);

        var result = new StoragePurger(options).Purge();

        // Four sound ones are 10..40 and there is nothing older: nothing goes.
        Assert.Empty(result.DeletedSnapshots);
        Assert.Empty(result.DeletedLogSegments);
    }

    [Fact]
    public async Task With_fewer_snapshots_than_kept_nothing_is_removed()
    {
        using var dir = new TestDirectory();
        var options = dir.Options() with { SnapRetainCount = 5 };
        await BuildHistoryAsync(options);
        var result = new StoragePurger(options).Purge();
        Assert.Empty(result.DeletedSnapshots);
        Assert.Empty(result.DeletedLogSegments);
        Assert.Equal(5, dir.LogSegments().Length);
    }
}
