using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>Damage that is not a torn tail must stop recovery with the file and offset, never skip records.</summary>
public class CorruptionTests
{
    [Theory]
    [InlineData(12, 0)] // a bit in the payload (the session id)
    [InlineData(3, 0)]  // the lowest bit of the length
    [InlineData(0, 7)]  // the sign bit of the length
    [InlineData(5, 2)]  // a bit of the CRC itself
    public async Task A_flipped_bit_mid_log_names_the_file_and_offset(int byteInRecord, int bit)
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteAsync(options, new TxnScript(seed: 31).Next(10));
        var segment = dir.LogSegments().Single();
        var fifth = LogFixture.Frames(segment)[4];
        LogFixture.FlipBit(segment, fifth.Offset + byteInRecord, bit);
        var lengthBefore = new FileInfo(segment).Length;

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());

        Assert.Equal(segment, error.FilePath);
        Assert.Equal(fifth.Offset, error.Offset);
        Assert.Contains(segment, error.Message);
        Assert.Contains($"byte offset {fifth.Offset}", error.Message);
        Assert.Contains("0x6", error.Message); // the valid record found after the damaged one
        Assert.Equal(lengthBefore, new FileInfo(segment).Length); // nothing was cut
    }

    [Fact]
    public async Task A_zeroed_record_prefix_with_records_after_it_is_damage_not_the_end()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteAsync(options, new TxnScript(seed: 32).Next(10));
        var segment = dir.LogSegments().Single();
        var third = LogFixture.Frames(segment)[2];
        LogFixture.WriteAt(segment, third.Offset, new byte[8]);

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());
        Assert.Equal(third.Offset, error.Offset);
    }

    [Fact]
    public async Task A_damaged_last_record_of_an_older_segment_is_reported_as_a_gap_and_nothing_is_cut()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 33).Next(10);
        var reports = new DurabilityLog();
        await using (var writer = new Log.TxnLogWriter(options, 0, reports.Durable, reports.Failed))
        {
            await LogFixture.WriteOneByOneAsync(writer, txns.Take(5));
            writer.RollLog();
            await LogFixture.WriteOneByOneAsync(writer, txns.Skip(5));
        }
        var older = dir.LogSegments()[0];
        var last = LogFixture.Frames(older)[^1];
        LogFixture.FlipBit(older, last.Offset + 30);
        var lengthBefore = new FileInfo(older).Length;

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());

        Assert.Equal(dir.LogSegments()[1], error.FilePath);
        Assert.Contains("0x5..0x5 are missing", error.Message);
        Assert.Contains($"{older} ends in a damaged record at byte offset {last.Offset}", error.Message);
        Assert.Equal(lengthBefore, new FileInfo(older).Length);
    }

    [Fact]
    public async Task A_missing_segment_is_a_gap()
    {
        using var dir = new TestDirectory();
        var options = dir.Options(segmentRollSize: 600);
        await LogFixture.WriteAsync(options, new TxnScript(seed: 34).Next(3));
        var reports = new DurabilityLog();
        var txns = new TxnScript(seed: 34).Next(60)[3..];
        await using (var writer = new Log.TxnLogWriter(options, 3, reports.Durable, reports.Failed))
            await LogFixture.WriteOneByOneAsync(writer, txns);
        var segments = dir.LogSegments();
        Assert.True(segments.Length >= 3);
        File.Delete(segments[1]);

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());
        Assert.Equal(segments[2], error.FilePath);
        Assert.Contains("are missing", error.Message);
    }

    [Fact]
    public async Task A_log_that_does_not_start_where_replay_begins_is_refused()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 35);
        script.Next(4);
        await LogFixture.WriteAsync(options, script.Next(6)); // zxids 5..10, nothing before, no snapshot

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());
        Assert.Contains("0x1..0x4 are missing", error.Message);
        Assert.Contains("the empty tree", error.Message);
    }

    [Fact]
    public async Task A_segment_of_another_database_or_misnamed_is_refused()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteAsync(options, new TxnScript(seed: 36).Next(3));
        var other = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options with { DatabaseId = 7 }).Recover());
        Assert.Contains("database", other.Message);

        var segment = dir.LogSegments().Single();
        File.Move(segment, Path.Combine(dir.LogDir, FileSystem.StorageFileNames.LogSegment(2)));
        var misnamed = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());
        Assert.Contains("named for 0x2", misnamed.Message);
    }
}
