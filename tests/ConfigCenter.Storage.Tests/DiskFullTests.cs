using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>A full disk or a failing fsync: the records are reported failed, the log stays clean, and writing resumes later.</summary>
public class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_fails_the_group_cuts_the_half_written_bytes_and_later_appends_succeed()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        var script = new TxnScript(seed: 61);
        var good = script.Next(5);
        var lost = script.Next(2);
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed, fs))
        {
            await LogFixture.WriteOneByOneAsync(writer, good);
            var segment = dir.LogSegments().Single();
            var durableLength = LogFixture.Frames(segment)[^1] is var last ? last.Offset + last.Length : 0;

            fs.DiskFull = true;
            foreach (var txn in lost) writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();

            // The writer may take the two records in one group or in two: either way 6 fails on the full
            // disk, and 7 fails with it or as a record that no longer follows the log.
            var (fromZxid, error) = reports.Failures[0];
            Assert.Equal(6, fromZxid);
            Assert.Equal(FaultyFileSystem.NoSpaceLeftOnDevice, error.HResult);
            Assert.All(reports.Failures.Skip(1), f => Assert.Equal(7, f.FromZxid));
            var failuresBeforeRetry = reports.Failures.Count;
            Assert.Equal(5, writer.DurableZxid);
            // The half-written group was cut away: the file ends at the last durable record.
            Assert.Equal(durableLength, new FileInfo(segment).Length);
            Assert.Equal(5, LogFixture.Frames(segment).Count);

            // Still full: the retry fails the same way, and a record that skips ahead is refused.
            writer.Append(lost[0].Header, lost[0].Txn);
            await writer.FlushAsync();
            var skipping = Txns.Create(8, "/skip");
            writer.Append(skipping.Header, skipping.Txn);
            await writer.FlushAsync();
            Assert.Equal(failuresBeforeRetry + 2, reports.Failures.Count);
            Assert.Equal(8, reports.Failures[^1].FromZxid);
            Assert.IsType<InvalidOperationException>(reports.Failures[^1].Error);
            Assert.Contains("continues only at 0x6", reports.Failures[^1].Error.Message);

            // Space returns: the server appends from zxid 6 again (here with different transactions).
            fs.DiskFull = false;
            var retried = new TxnScript(seed: 62);
            retried.Next(5);
            var replacement = retried.Next(3);
            foreach (var txn in replacement.Select(t => t with { Header = t.Header with { ClientId = 0x77 } })) writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();
            Assert.Equal(8, writer.DurableZxid);
            Assert.Equal(8, reports.LastDurable);
        }

        var recovered = new StorageRecovery(options).Recover();
        Assert.Empty(recovered.Repairs);
        var replayed = recovered.ReadLog().ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), replayed.Select(t => t.Zxid));
        Txns.AssertSame(good, replayed[..5]);
        Assert.All(replayed[5..], t => Assert.Equal(0x77, t.Header.ClientId));
    }

    [Fact]
    public async Task A_full_disk_while_creating_a_segment_leaves_no_segment_behind()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var fs = new FaultyFileSystem { DiskFull = true };
        var reports = new DurabilityLog();
        var txns = new TxnScript(seed: 63).Next(3);
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed, fs))
        {
            writer.Append(txns[0].Header, txns[0].Txn);
            await writer.FlushAsync();
            Assert.Equal(1, Assert.Single(reports.Failures).FromZxid);
            Assert.Empty(dir.LogSegments());

            fs.DiskFull = false;
            foreach (var txn in txns) writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();
        }
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }

    [Fact]
    public async Task A_failed_fsync_reports_the_group_failed_and_the_next_one_rewrites_it()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        var txns = new TxnScript(seed: 64).Next(6);
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed, fs))
        {
            await LogFixture.WriteOneByOneAsync(writer, txns[..4]);
            fs.FailNextSyncs(1);
            writer.Append(txns[4].Header, txns[4].Txn);
            await writer.FlushAsync();
            Assert.Equal(5, Assert.Single(reports.Failures).FromZxid);
            Assert.Equal(4, writer.DurableZxid);

            await LogFixture.WriteOneByOneAsync(writer, txns[4..]);
            Assert.Equal(6, writer.DurableZxid);
        }
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }

    [Fact]
    public async Task Records_queued_behind_a_failed_group_fail_too_and_are_never_written_past_a_hole()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        var txns = new TxnScript(seed: 65).Next(8);
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed, fs))
        {
            await LogFixture.WriteOneByOneAsync(writer, txns[..3]);
            // Group {4} fails in its fsync while 5..8 queue behind it; they cannot follow a record that is not there.
            fs.FailNextSyncs(1);
            fs.HoldNextSync();
            writer.Append(txns[3].Header, txns[3].Txn);
            Assert.True(fs.SyncEntered.Wait(TimeSpan.FromSeconds(30)));
            foreach (var txn in txns[4..]) writer.Append(txn.Header, txn.Txn);
            fs.ReleaseSync();
            await writer.FlushAsync();

            Assert.Equal([4L, 5L], reports.Failures.Select(f => f.FromZxid));
            Assert.Equal(3, writer.DurableZxid);
        }
        Txns.AssertSame(txns[..3], LogFixture.Replay(options));
    }

    [Fact]
    public async Task While_the_torn_group_cannot_be_cut_away_nothing_new_is_written_after_it()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        var txns = new TxnScript(seed: 66).Next(5);
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed, fs))
        {
            await LogFixture.WriteOneByOneAsync(writer, txns[..3]);
            var segment = dir.LogSegments().Single();
            fs.DiskFull = true;
            fs.FailShrink = true;
            writer.Append(txns[3].Header, txns[3].Txn);
            await writer.FlushAsync();

            // Space is back but the half-written bytes still cannot be cut: the retry must not write behind them.
            fs.DiskFull = false;
            writer.Append(txns[3].Header, txns[3].Txn);
            await writer.FlushAsync();
            Assert.Equal([4L, 4L], reports.Failures.Select(f => f.FromZxid));
            using (var reader = LogSegmentReader.Open(segment))
            {
                while (reader.TryRead(out _))
                {
                }
                Assert.Equal(3, reader.RecordCount);
                Assert.Equal(LogSegmentEnd.TornTail, reader.End);
            }

            fs.FailShrink = false;
            await LogFixture.WriteOneByOneAsync(writer, txns[3..]);
            Assert.Equal(5, writer.DurableZxid);
        }
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }
}
