using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>A crash mid-write leaves a torn last record; recovery cuts it and loses nothing that was durable.</summary>
public class TornTailTests
{
    [Theory]
    [InlineData(10)] // prefix and two payload bytes: the length claims more than the file holds
    [InlineData(6)]  // not even the whole prefix
    public async Task A_segment_cut_mid_record_is_truncated_at_the_last_whole_record(int bytesOfLastRecordKept)
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 1).Next(10);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var last = LogFixture.Frames(segment)[^1];
        LogFixture.Truncate(segment, last.Offset + bytesOfLastRecordKept);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(9, recovered.LastZxid);
        var repair = Assert.Single(recovered.Repairs);
        Assert.Equal(StorageRepairKind.TruncatedTornTail, repair.Kind);
        Assert.Equal(last.Offset, repair.Offset);
        Assert.Equal(last.Offset, new FileInfo(segment).Length);
        Txns.AssertSame(txns[..9], recovered.ReadLog().ToList());
    }

    [Fact]
    public async Task A_cut_that_leaves_only_zero_bytes_of_the_next_prefix_is_a_clean_end()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 2).Next(10);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var last = LogFixture.Frames(segment)[^1];
        LogFixture.Truncate(segment, last.Offset + 2); // the high bytes of a small length are zeros, like preallocation

        var recovered = new StorageRecovery(options).Recover();

        Assert.Empty(recovered.Repairs);
        Txns.AssertSame(txns[..9], recovered.ReadLog().ToList());
    }

    [Fact]
    public async Task Garbage_after_the_last_record_followed_by_zeros_is_cut_off()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 4).Next(10);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var end = new FileInfo(segment).Length;

        // A later batch half on disk: random bytes, then the zeros of the preallocated space.
        var garbage = new byte[300];
        new Random(99).NextBytes(garbage);
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(garbage);
            file.Write(new byte[8000]);
        }

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(10, recovered.LastZxid);
        Assert.Equal(end, Assert.Single(recovered.Repairs).Offset);
        Assert.Equal(end, new FileInfo(segment).Length);
        Txns.AssertSame(txns, recovered.ReadLog().ToList());
    }

    [Fact]
    public async Task A_last_record_whose_end_never_reached_the_disk_is_cut_off()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 6).Next(10);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var last = LogFixture.Frames(segment)[^1];
        // Its prefix made it, the page with its last bytes did not (still zeros): the CRC fails, zeros follow.
        LogFixture.WriteAt(segment, last.Offset + last.Length - 20, new byte[20]);
        using (var file = new FileStream(segment, FileMode.Append)) file.Write(new byte[4096]);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(9, recovered.LastZxid);
        Assert.Contains("CRC", Assert.Single(recovered.Repairs).Detail);
        Assert.Equal(last.Offset, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task A_stale_copy_of_an_old_record_past_the_end_is_not_taken_for_a_valid_follower()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 12).Next(10);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        var fourth = LogFixture.Frames(segment)[3];

        // After a zero gap, a whole valid record with an older zxid (as a reused, not yet overwritten page might hold).
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(new byte[64]);
            file.Write(bytes.AsSpan((int)fourth.Offset, fourth.Length));
            file.Write(new byte[1000]);
        }

        var recovered = new StorageRecovery(options).Recover();
        Assert.Equal(10, recovered.LastZxid);
        Assert.Equal(StorageRepairKind.TruncatedTornTail, Assert.Single(recovered.Repairs).Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(4096)]
    public async Task A_newest_segment_without_a_header_is_removed(int length)
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 5).Next(10);
        await LogFixture.WriteAsync(options, txns);
        // A crash while the next segment was being created: some zeros, or a cut-off header.
        var leftover = Path.Combine(dir.LogDir, FileSystem.StorageFileNames.LogSegment(11));
        var content = new byte[length];
        if (length == 9) "CCLG"u8.CopyTo(content);
        await File.WriteAllBytesAsync(leftover, content);

        var recovered = new StorageRecovery(options).Recover();

        Assert.Equal(10, recovered.LastZxid);
        Assert.Equal(StorageRepairKind.DeletedEmptySegment, Assert.Single(recovered.Repairs).Kind);
        Assert.False(File.Exists(leftover));
        Txns.AssertSame(txns, recovered.ReadLog().ToList());

        // The restarted writer can now create that very segment.
        var more = new TxnScript(seed: 5);
        more.Next(10);
        await LogFixture.WriteAsync(options, more.Next(3));
        Assert.Equal(13, new StorageRecovery(options).Recover().LastZxid);
    }

    [Fact]
    public async Task The_reader_reports_a_torn_tail_without_changing_the_file()
    {
        using var dir = new TestDirectory();
        await LogFixture.WriteAsync(dir.Options(), new TxnScript(seed: 9).Next(4));
        var segment = dir.LogSegments().Single();
        var last = LogFixture.Frames(segment)[^1];
        LogFixture.Truncate(segment, last.Offset + 20);

        using var reader = LogSegmentReader.Open(segment);
        while (reader.TryRead(out _))
        {
        }
        Assert.Equal(LogSegmentEnd.TornTail, reader.End);
        Assert.Equal(last.Offset, reader.Position);
        Assert.Equal(3, reader.RecordCount);
        Assert.Equal(last.Offset + 20, new FileInfo(segment).Length);
    }
}
