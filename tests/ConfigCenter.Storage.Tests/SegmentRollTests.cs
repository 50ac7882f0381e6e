using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class SegmentRollTests
{
    [Fact]
    public async Task A_segment_past_the_roll_size_is_followed_by_one_named_for_its_first_zxid()
    {
        using var dir = new TestDirectory();
        var options = dir.Options(preAllocSize: 4096, segmentRollSize: 1024);
        var txns = new TxnScript(seed: 21).Next(120);
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed))
            await LogFixture.WriteOneByOneAsync(writer, txns);

        var segments = dir.LogSegments();
        Assert.True(segments.Length >= 3, $"expected several segments, got {segments.Length}");
        var expectedZxid = 1L;
        foreach (var segment in segments)
        {
            var frames = LogFixture.Frames(segment);
            Assert.Equal(StorageFileNames.LogSegment(expectedZxid), Path.GetFileName(segment));
            Assert.Equal(expectedZxid, frames[0].Zxid);
            expectedZxid = frames[^1].Zxid + 1;
            // A closed segment is trimmed to its records: its preallocation is given back.
            Assert.Equal(frames[^1].Offset + frames[^1].Length, new FileInfo(segment).Length);
            // Each full segment rolled at the first commit that found it at the roll size, not before.
            if (segment != segments[^1])
            {
                Assert.True(frames[^1].Offset + frames[^1].Length >= 1024);
                Assert.True(frames[^1].Offset < 1024);
            }
        }
        Assert.Equal(121, expectedZxid);
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }

    [Fact]
    public async Task The_open_segment_grows_in_whole_preallocation_chunks_of_zeros()
    {
        using var dir = new TestDirectory();
        var options = dir.Options(preAllocSize: 4096);
        var reports = new DurabilityLog();
        await using var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed);

        var small = Txns.Create(1, "/small");
        writer.Append(small.Header, small.Txn);
        await writer.FlushAsync();
        var segment = dir.LogSegments().Single();
        Assert.Equal(4096, new FileInfo(segment).Length);

        // One record bigger than a chunk: the file grows by as many chunks as it needs.
        var big = Txns.At(2, OpCode.SetData, new SetDataTxn("/small", new byte[10_000], 1));
        writer.Append(big.Header, big.Txn);
        await writer.FlushAsync();
        var length = new FileInfo(segment).Length;
        var frames = LogFixture.Frames(segment);
        var end = frames[^1].Offset + frames[^1].Length;
        Assert.True(end > 8192);
        Assert.Equal(12288, length); // the next multiple of the chunk

        // Past the records there is nothing but zeros: a zero length is where reading stops.
        var bytes = await File.ReadAllBytesAsync(segment);
        Assert.DoesNotContain(bytes.AsSpan((int)end).ToArray(), b => b != 0);
    }

    [Fact]
    public async Task RollLog_starts_a_new_segment_for_what_is_appended_next()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 2).Next(5);
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed))
        {
            await LogFixture.WriteOneByOneAsync(writer, txns.Take(3));
            writer.RollLog();
            await LogFixture.WriteOneByOneAsync(writer, txns.Skip(3));
        }
        Assert.Equal([StorageFileNames.LogSegment(1), StorageFileNames.LogSegment(4)], dir.LogSegments().Select(Path.GetFileName));
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }

    [Fact]
    public async Task A_restarted_writer_opens_a_new_segment_after_the_recovered_zxid()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 8);
        var first = script.Next(10);
        await LogFixture.WriteAsync(options, first);

        var recovered = new Recovery.StorageRecovery(options).Recover();
        Assert.Equal(10, recovered.LastZxid);
        var second = script.Next(10);
        await LogFixture.WriteAsync(options, second);

        Assert.Equal([StorageFileNames.LogSegment(1), StorageFileNames.LogSegment(11)], dir.LogSegments().Select(Path.GetFileName));
        Txns.AssertSame([.. first, .. second], LogFixture.Replay(options));
    }
}
