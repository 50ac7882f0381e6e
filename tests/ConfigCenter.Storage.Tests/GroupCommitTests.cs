using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Appends_made_during_an_fsync_share_the_next_one()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        await using var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed, fs);

        // The first record creates the segment; from then on only group commits sync.
        writer.Append(Txns.Create(1, "/first").Header, Txns.Create(1, "/first").Txn);
        await writer.FlushAsync();
        var syncsBefore = fs.FileSyncs;

        fs.HoldNextSync();
        writer.Append(Txns.Create(2, "/second").Header, Txns.Create(2, "/second").Txn);
        Assert.True(fs.SyncEntered.Wait(Patience), "the writer never synced");

        // 200 appends from four threads while that fsync is held; zxids are handed out under a lock, as the core's single thread would.
        const int concurrent = 200;
        var zxid = 2L;
        var order = new object();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < concurrent / 4; i++)
            {
                lock (order)
                {
                    var txn = Txns.Create(++zxid, $"/n{zxid}");
                    writer.Append(txn.Header, txn.Txn);
                }
            }
        })));
        Assert.Equal(1, reports.LastDurable);

        fs.ReleaseSync();
        await writer.FlushAsync();

        Assert.Equal(2, fs.FileSyncs - syncsBefore); // one for record 2, one for all 200 that queued behind it
        Assert.Equal([1L, 2L, 2L + concurrent], reports.DurableReports);
        Assert.Equal(2L + concurrent, writer.DurableZxid);
        Assert.Empty(reports.Failures);
        Assert.Equal(Enumerable.Range(1, 2 + concurrent).Select(i => (long)i), LogFixture.Frames(dir.LogSegments().Single()).Select(f => f.Zxid));
    }

    [Fact]
    public async Task Durability_reports_are_monotonic_and_cover_every_append()
    {
        using var dir = new TestDirectory();
        var reports = new DurabilityLog();
        var script = new TxnScript(seed: 11);
        var txns = script.Next(500);
        await using (var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed))
        {
            foreach (var txn in txns) writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();
        }
        var durable = reports.DurableReports;
        Assert.Equal(500, durable[^1]);
        Assert.True(durable.Zip(durable.Skip(1)).All(pair => pair.First < pair.Second), "durableUpTo went backwards or repeated");
        Txns.AssertSame(txns, LogFixture.Replay(dir.Options()));
    }

    [Fact]
    public async Task Without_forceSync_nothing_is_fsynced_but_everything_is_reported_and_readable()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();
        var txns = new TxnScript(seed: 3).Next(50);
        var options = dir.Options(forceSync: false);
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed, fs))
            await LogFixture.WriteOneByOneAsync(writer, txns);

        Assert.Equal(0, fs.FileSyncs);
        Assert.Equal(0, fs.DirectorySyncs);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), reports.DurableReports);
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }

    [Fact]
    public async Task With_forceSync_each_group_commit_is_one_fsync()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed, fs))
            await LogFixture.WriteOneByOneAsync(writer, new TxnScript(seed: 5).Next(20));

        // One fsync of the new segment (and its directory), then one per commit.
        Assert.Equal(1 + 20, fs.FileSyncs);
        Assert.Equal(1, fs.DirectorySyncs);
    }

    [Fact]
    public async Task Flush_with_nothing_pending_completes_at_once_and_append_after_dispose_throws()
    {
        using var dir = new TestDirectory();
        var reports = new DurabilityLog();
        var writer = new TxnLogWriter(dir.Options(), 41, reports.Durable, reports.Failed);
        Assert.True(writer.FlushAsync().IsCompletedSuccessfully);
        Assert.Equal(41, writer.DurableZxid);
        await writer.DisposeAsync();
        var txn = Txns.Create(42, "/late");
        Assert.Throws<ObjectDisposedException>(() => writer.Append(txn.Header, txn.Txn));
        Assert.Empty(dir.LogSegments()); // no record, no segment
    }

    [Fact]
    public async Task Disposing_writes_everything_still_queued()
    {
        using var dir = new TestDirectory();
        var reports = new DurabilityLog();
        var txns = new TxnScript(seed: 13).Next(300);
        await using (var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed))
        {
            foreach (var txn in txns) writer.Append(txn.Header, txn.Txn);
        }
        Assert.Equal(300, reports.LastDurable);
        Txns.AssertSame(txns, LogFixture.Replay(dir.Options()));
    }

    [Fact]
    public async Task A_cancelled_flush_stops_waiting_but_the_records_are_still_written()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();
        var reports = new DurabilityLog();
        await using var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed, fs);
        fs.HoldNextSync();
        var txn = Txns.Create(1, "/a");
        writer.Append(txn.Header, txn.Txn);
        Assert.True(fs.SyncEntered.Wait(Patience));

        using var cancel = new CancellationTokenSource();
        var flush = writer.FlushAsync(cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush);

        fs.ReleaseSync();
        await writer.FlushAsync();
        Assert.Equal(1, writer.DurableZxid);
    }
}
