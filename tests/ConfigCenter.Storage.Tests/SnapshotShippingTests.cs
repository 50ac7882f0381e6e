using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>A leader serializes its state in memory; a learner installs the image in place of its own state and log.</summary>
public class SnapshotShippingTests
{
    /// <summary>The leader: 80 transactions applied, its image at 80, and 10 more transactions to send after it.</summary>
    private sealed class Leader
    {
        public Leader(StorageOptions options)
        {
            Script = new TxnScript(seed: 71);
            Script.Next(80);
            Image = new SnapshotWriter(options).Serialize(80, Script.Tree.SnapshotSessions(), Script.Tree.SnapshotNodes());
            StateAtImage = Script.Tree.Dump();
            After = Script.Next(10);
        }

        public TxnScript Script { get; }
        public byte[] Image { get; }
        public string StateAtImage { get; }
        public List<LoggedTxn> After { get; }
    }

    /// <summary>
    /// A learner with a history of its own, unlike the leader's: 120 transactions in segments, an
    /// older snapshot at 30 and one at 100, past the image's zxid.
    /// </summary>
    private static async Task<string> PrepareLearnerAsync(StorageOptions options)
    {
        var script = new TxnScript(seed: 72);
        var first = script.Next(30);
        var older = new SnapshotWriter(options).Write(30, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        var middle = script.Next(70);
        new SnapshotWriter(options).Write(100, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        await LogFixture.WriteInSegmentsAsync(options, [.. first, .. middle, .. script.Next(20)], perSegment: 25);
        return older;
    }

    private static Dictionary<string, byte[]> Files(TestDirectory dir) =>
        Directory.GetFiles(dir.Root, "*", SearchOption.AllDirectories).ToDictionary(path => path, File.ReadAllBytes);

    [Fact]
    public void Serialize_gives_the_bytes_the_snapshot_file_holds()
    {
        using var dir = new TestDirectory();
        var script = new TxnScript(seed: 70);
        script.Next(200);
        var writer = new SnapshotWriter(dir.Options());

        var image = writer.Serialize(200, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        var path = writer.Write(200, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());

        Assert.Equal(File.ReadAllBytes(path), image);
    }

    [Fact]
    public async Task An_installed_image_is_what_recovery_finds_and_a_new_writer_continues_after_it()
    {
        using var leaderDir = new TestDirectory();
        var leader = new Leader(leaderDir.Options());
        using var dir = new TestDirectory();
        var options = dir.Options();
        var olderSnapshot = await PrepareLearnerAsync(options);

        var path = SnapshotInstaller.Install(options, 80, leader.Image);

        Assert.Equal(leader.Image, File.ReadAllBytes(path));
        // The learner's own log is gone, and so is its snapshot past the image; the older one may stay.
        Assert.Empty(dir.LogSegments());
        Assert.Equal([olderSnapshot, path], dir.Snapshots());
        var recovered = new StorageRecovery(options).Recover();
        Assert.Empty(recovered.Repairs);
        Assert.Equal(path, recovered.Snapshot!.Path);
        Assert.Equal(80, recovered.LastZxid);
        Assert.Empty(recovered.ReadLog());
        Assert.Equal(leader.StateAtImage, MiniTree.Restore(recovered).Dump());

        await LogFixture.WriteAsync(options, leader.After);
        recovered = new StorageRecovery(options).Recover();
        Assert.Equal(90, recovered.LastZxid);
        Txns.AssertSame(leader.After, recovered.ReadLog().ToList());
        Assert.Equal(leader.Script.Tree.Dump(), MiniTree.Restore(recovered).Dump());
    }

    [Fact]
    public async Task A_damaged_or_mismatched_image_is_refused_and_nothing_on_disk_changes()
    {
        using var leaderDir = new TestDirectory();
        var leader = new Leader(leaderDir.Options());
        using var dir = new TestDirectory();
        var options = dir.Options();
        await PrepareLearnerAsync(options);
        var before = Files(dir);

        var flipped = (byte[])leader.Image.Clone();
        flipped[flipped.Length / 2] ^= 0x10;
        byte[][] damaged = [flipped, leader.Image[..^1], leader.Image[..(leader.Image.Length / 2)], []];
        foreach (var image in damaged)
            Assert.Throws<StorageCorruptedException>(() => SnapshotInstaller.Install(options, 80, image));
        Assert.Contains("not of 0x51", Assert.Throws<StorageCorruptedException>(() => SnapshotInstaller.Install(options, 81, leader.Image)).Message);
        Assert.Contains("database", Assert.Throws<StorageCorruptedException>(() => SnapshotInstaller.Install(options with { DatabaseId = 9 }, 80, leader.Image)).Message);

        var after = Files(dir);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
    }

    [Fact]
    public async Task A_failed_install_leaves_the_old_state_cut_back_to_the_zxid_never_later_records()
    {
        using var leaderDir = new TestDirectory();
        var leader = new Leader(leaderDir.Options());
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 73);
        var txns = script.Next(120);
        await LogFixture.WriteInSegmentsAsync(options, txns, perSegment: 25);
        var fs = new FaultyFileSystem { DiskFull = true };

        Assert.ThrowsAny<IOException>(() => SnapshotInstaller.Install(options, 80, leader.Image, fs));

        // The snapshot could not be written, but nothing after 80 of the old history can come back on top of it later.
        Assert.DoesNotContain(dir.Snapshots(), path => path.EndsWith(StorageFileNames.TemporarySuffix, StringComparison.Ordinal));
        var recovered = new StorageRecovery(options).Recover();
        Assert.Null(recovered.Snapshot);
        Txns.AssertSame(txns.Take(80).ToList(), recovered.ReadLog().ToList());

        fs.DiskFull = false;
        SnapshotInstaller.Install(options, 80, leader.Image, fs);
        Assert.Equal(leader.StateAtImage, MiniTree.Restore(new StorageRecovery(options).Recover()).Dump());
    }

    [Fact]
    public async Task A_damaged_old_log_does_not_stop_the_install()
    {
        using var leaderDir = new TestDirectory();
        var leader = new Leader(leaderDir.Options());
        using var dir = new TestDirectory();
        var options = dir.Options();
        await LogFixture.WriteInSegmentsAsync(options, new TxnScript(seed: 74).Next(100), perSegment: 50);
        var first = dir.LogSegments()[0];
        LogFixture.FlipBit(first, LogFixture.Frames(first)[10].Offset + 12);
        Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover());

        SnapshotInstaller.Install(options, 80, leader.Image);

        Assert.Empty(dir.LogSegments());
        Assert.Equal(leader.StateAtImage, MiniTree.Restore(new StorageRecovery(options).Recover()).Dump());
    }

    [Fact]
    public async Task An_image_at_the_zxid_of_a_local_snapshot_replaces_it()
    {
        using var leaderDir = new TestDirectory();
        var leader = new Leader(leaderDir.Options());
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 75);
        var txns = script.Next(80);
        new SnapshotWriter(options).Write(80, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        await LogFixture.WriteAsync(options, txns);

        var path = SnapshotInstaller.Install(options, 80, leader.Image);

        Assert.Equal([path], dir.Snapshots());
        Assert.Equal(leader.Image, File.ReadAllBytes(path));
        Assert.Equal(leader.StateAtImage, MiniTree.Restore(new StorageRecovery(options).Recover()).Dump());
    }
}
