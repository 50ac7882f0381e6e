using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>
/// In an ensemble a new leader starts its epoch at counter 1, so the log jumps from the last zxid of
/// one epoch to the first of a later one (epochs may be skipped). That is no gap; anything else still is.
/// </summary>
public class EpochChangeTests
{
    private static long Zxid(long epoch, long counter) => (epoch << 32) | counter;

    private static List<LoggedTxn> Epoch(long epoch, long fromCounter, long toCounter) =>
        Enumerable.Range((int)fromCounter, (int)(toCounter - fromCounter + 1))
            .Select(counter => Txns.Create(Zxid(epoch, counter), $"/e{epoch}c{counter}")).ToList();

    /// <summary>Epoch 1 up to 10, epoch 2 skipped (its election failed), epoch 3 up to 5.</summary>
    private static List<LoggedTxn> History() => [.. Epoch(1, 1, 10), .. Epoch(3, 1, 5)];

    private static async Task<DurabilityLog> WriteAsync(StorageOptions options, long lastLogged, IEnumerable<LoggedTxn> txns)
    {
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, lastLogged, reports.Durable, reports.Failed))
        {
            foreach (var txn in txns) writer.AppendSerialized(txn.Zxid, TxnRecordCodec.Serialize(txn.Header, txn.Txn));
            await writer.FlushAsync();
        }
        return reports;
    }

    [Fact]
    public async Task A_log_that_moves_to_a_later_epoch_within_a_segment_recovers_whole()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var history = History();

        var reports = await WriteAsync(options, 0, history);

        Assert.Empty(reports.Failures);
        Assert.Equal(Zxid(3, 5), reports.LastDurable);
        Assert.Single(dir.LogSegments());
        var recovered = new StorageRecovery(options).Recover();
        Assert.Equal(Zxid(3, 5), recovered.LastZxid);
        Assert.Equal(15, recovered.LogRecordCount);
        Txns.AssertSame(history, recovered.ReadLog().ToList());
    }

    [Fact]
    public async Task Replay_after_a_snapshot_crosses_the_epoch_change_and_counts_the_records()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var history = History();
        await WriteAsync(options, 0, history);
        new SnapshotWriter(options).Write(Zxid(1, 7), [], []);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(8, recovered.LogRecordCount);
        Txns.AssertSame(history.Skip(7).ToList(), recovered.ReadLog().ToList());
        Assert.Equal(history.Skip(7).Select(txn => txn.Zxid), recovered.ReadLogRecords().Select(record => record.Zxid));
    }

    [Fact]
    public async Task A_segment_that_starts_a_later_epoch_continues_the_one_before()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var history = History();
        await WriteAsync(options, 0, history.Take(10));
        await WriteAsync(options, Zxid(1, 10), history.Skip(10));

        Assert.Equal([StorageFileNames.LogSegment(Zxid(1, 1)), StorageFileNames.LogSegment(Zxid(3, 1))], dir.LogSegments().Select(Path.GetFileName));
        Txns.AssertSame(history, new StorageRecovery(options).Recover().ReadLog().ToList());
    }

    [Fact]
    public async Task The_writer_refuses_a_jump_that_is_not_the_start_of_a_later_epoch()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await WriteAsync(options, 0, Epoch(1, 1, 10));

        foreach (var skipping in new[] { Zxid(1, 12), Zxid(3, 2), Zxid(0, 11) })
        {
            var reports = await WriteAsync(options, Zxid(1, 10), [Txns.Create(skipping, "/skip")]);
            var failure = Assert.Single(reports.Failures);
            Assert.Equal(skipping, failure.FromZxid);
            Assert.Contains("continues only at 0x10000000b (or counter 1 of a later epoch)", failure.Error.Message);
        }
        Assert.Equal(Zxid(1, 10), new StorageRecovery(options).Recover().LastZxid);
    }

    [Fact]
    public async Task A_missing_segment_before_a_segment_that_starts_mid_epoch_is_still_a_gap()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var history = History();
        await WriteAsync(options, 0, history.Take(10));
        await WriteAsync(options, Zxid(1, 10), history.Skip(10).Take(2));
        await WriteAsync(options, Zxid(3, 2), history.Skip(12));
        File.Delete(dir.LogSegments()[1]);

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());

        Assert.Equal(dir.LogSegments()[1], error.FilePath);
        Assert.Contains("transactions between 0x10000000a and 0x300000003 are missing", error.Message);
    }

    [Fact]
    public async Task Damage_to_the_last_record_of_an_epoch_is_told_from_a_torn_tail_by_the_next_epochs_first()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await WriteAsync(options, 0, History());
        var segment = dir.LogSegments().Single();
        var lastOfEpochOne = LogFixture.Frames(segment)[9];
        LogFixture.FlipBit(segment, lastOfEpochOne.Offset + 12);

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());

        Assert.Equal(lastOfEpochOne.Offset, error.Offset);
        Assert.Contains("0x300000001", error.Message);
    }

    [Fact]
    public async Task A_log_cut_back_into_an_earlier_epoch_continues_in_a_new_one()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var history = History();
        await WriteAsync(options, 0, history);

        LogTruncator.TruncateAfter(options, Zxid(1, 8));
        var newLeader = Epoch(4, 1, 3);
        await WriteAsync(options, Zxid(1, 8), newLeader);

        Txns.AssertSame([.. history.Take(8), .. newLeader], new StorageRecovery(options).Recover().ReadLog().ToList());
    }
}
