using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class LogTruncationTests
{
    /// <summary>Transactions unlike the script's, to tell records written after a truncation from the ones it removed.</summary>
    private static List<LoggedTxn> Replacements(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(zxid => Txns.Create(zxid, $"/replacement{zxid}", "new")).ToList();

    private static RecoveredStorage RecoverClean(StorageOptions options)
    {
        var recovered = new StorageRecovery(options).Recover();
        // The truncation left a clean end: nothing for recovery to cut or remove.
        Assert.Empty(recovered.Repairs);
        return recovered;
    }

    [Fact]
    public async Task The_log_keeps_exactly_the_records_up_to_the_zxid_and_a_new_writer_continues_it()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 51).Next(100);
        await LogFixture.WriteAsync(options, txns);

        LogTruncator.TruncateAfter(options, 60);

        var recovered = RecoverClean(options);
        Assert.Equal(60, recovered.LastZxid);
        Txns.AssertSame(txns.Take(60).ToList(), recovered.ReadLog().ToList());
        var segment = dir.LogSegments().Single();
        var frames = LogFixture.Frames(segment);
        Assert.Equal(frames[^1].Offset + frames[^1].Length, new FileInfo(segment).Length);

        var replacements = Replacements(61, 80);
        await LogFixture.WriteAsync(options, replacements);
        Txns.AssertSame([.. txns.Take(60), .. replacements], RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task A_cut_at_a_segment_boundary_deletes_the_later_segments_and_leaves_that_one_whole()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 52).Next(100);
        await LogFixture.WriteInSegmentsAsync(options, txns, perSegment: 25);
        Assert.Equal(4, dir.LogSegments().Length);
        var second = dir.LogSegments()[1];
        var secondBytes = await File.ReadAllBytesAsync(second);

        LogTruncator.TruncateAfter(options, 50);

        Assert.Equal([StorageFileNames.LogSegment(1), StorageFileNames.LogSegment(26)], dir.LogSegments().Select(Path.GetFileName));
        Assert.Equal(secondBytes, await File.ReadAllBytesAsync(second));
        Txns.AssertSame(txns.Take(50).ToList(), RecoverClean(options).ReadLog().ToList());

        // The next writer takes the name of a segment the cut deleted: it must be gone, not merely emptied.
        var replacements = Replacements(51, 60);
        await LogFixture.WriteAsync(options, replacements);
        Assert.Equal([StorageFileNames.LogSegment(1), StorageFileNames.LogSegment(26), StorageFileNames.LogSegment(51)], dir.LogSegments().Select(Path.GetFileName));
        Txns.AssertSame([.. txns.Take(50), .. replacements], RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task A_cut_inside_an_earlier_segment_cuts_it_and_deletes_every_later_one()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 53).Next(100);
        await LogFixture.WriteInSegmentsAsync(options, txns, perSegment: 25);

        LogTruncator.TruncateAfter(options, 10);

        Assert.Equal([StorageFileNames.LogSegment(1)], dir.LogSegments().Select(Path.GetFileName));
        Txns.AssertSame(txns.Take(10).ToList(), RecoverClean(options).ReadLog().ToList());

        var replacements = Replacements(11, 30);
        await LogFixture.WriteAsync(options, replacements);
        Assert.Equal([StorageFileNames.LogSegment(1), StorageFileNames.LogSegment(11)], dir.LogSegments().Select(Path.GetFileName));
        Txns.AssertSame([.. txns.Take(10), .. replacements], RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task A_cut_at_the_snapshot_zxid_leaves_the_snapshot_and_an_empty_log_after_it()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 54);
        var before = script.Next(50);
        new SnapshotWriter(options).Write(50, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        var after = script.Next(50);
        await LogFixture.WriteInSegmentsAsync(options, [.. before, .. after], perSegment: 30);

        LogTruncator.TruncateAfter(options, 50);

        var recovered = RecoverClean(options);
        Assert.Equal(50, recovered.SnapshotZxid);
        Assert.Equal(50, recovered.LastZxid);
        Assert.Empty(recovered.ReadLog());

        var replacements = Replacements(51, 55);
        await LogFixture.WriteAsync(options, replacements);
        Txns.AssertSame(replacements, RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task A_cut_below_a_snapshot_is_refused_and_changes_nothing()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 55);
        var before = script.Next(50);
        var snapshot = new SnapshotWriter(options).Write(50, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        await LogFixture.WriteAsync(options, [.. before, .. script.Next(10)]);
        var segmentBytes = await File.ReadAllBytesAsync(dir.LogSegments().Single());

        var error = Assert.Throws<InvalidOperationException>(() => LogTruncator.TruncateAfter(options, 40));

        Assert.Contains(snapshot, error.Message);
        Assert.Equal(segmentBytes, await File.ReadAllBytesAsync(dir.LogSegments().Single()));
    }

    [Fact]
    public async Task A_cut_after_zero_empties_the_log()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteInSegmentsAsync(options, new TxnScript(seed: 56).Next(40), perSegment: 15);

        LogTruncator.TruncateAfter(options, 0);

        Assert.Empty(dir.LogSegments());
        var recovered = RecoverClean(options);
        Assert.Equal(0, recovered.LastZxid);
        Assert.Empty(recovered.ReadLog());
        var replacements = Replacements(1, 5);
        await LogFixture.WriteAsync(options, replacements);
        Txns.AssertSame(replacements, RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task Stray_bytes_after_the_last_kept_record_are_cut_too()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 57).Next(20);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var end = new FileInfo(segment).Length;
        LogFixture.WriteAt(segment, end, [1, 2, 3, 0, 0, 0, 7]); // a torn write left by a crash

        LogTruncator.TruncateAfter(options, 20);

        Assert.Equal(end, new FileInfo(segment).Length);
        Txns.AssertSame(txns, RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task Damage_in_the_part_cut_away_does_not_stop_the_cut()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 58).Next(30);
        await LogFixture.WriteAsync(options, txns);
        var segment = dir.LogSegments().Single();
        var frames = LogFixture.Frames(segment);
        LogFixture.FlipBit(segment, frames[20].Offset + 12); // record 21 is damaged, 22 onwards are fine

        LogTruncator.TruncateAfter(options, 20);

        Txns.AssertSame(txns.Take(20).ToList(), RecoverClean(options).ReadLog().ToList());
    }

    [Fact]
    public async Task Damage_in_a_record_that_would_be_kept_throws_and_changes_nothing()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteInSegmentsAsync(options, new TxnScript(seed: 59).Next(60), perSegment: 30);
        var first = dir.LogSegments()[0];
        LogFixture.FlipBit(first, LogFixture.Frames(first)[5].Offset + 12);
        var before = dir.LogSegments().Select(File.ReadAllBytes).ToList();

        var error = Assert.Throws<StorageCorruptedException>(() => LogTruncator.TruncateAfter(options, 20));

        Assert.Equal(first, error.FilePath);
        Assert.Equal(before, dir.LogSegments().Select(File.ReadAllBytes));
    }
}
