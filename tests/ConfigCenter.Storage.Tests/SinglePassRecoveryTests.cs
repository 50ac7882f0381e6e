using ConfigCenter.Storage.Recovery;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>Recovery that loads the snapshot in the same read that verifies it.</summary>
public class SinglePassRecoveryTests
{
    [Fact]
    public async Task The_snapshot_is_loaded_once_and_matches_what_two_reads_would_build()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 61);
        var before = script.Next(120);
        new SnapshotWriter(options).Write(script.LastZxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
        var after = script.Next(60);
        await LogFixture.WriteAsync(options, [.. before, .. after]);
        var loads = 0;

        var loaded = new StorageRecovery(options).Recover(reader =>
        {
            loads++;
            return MiniTree.Load(reader);
        });

        Assert.Equal(1, loads);
        Assert.Equal(120, loaded.Storage.SnapshotZxid);
        Assert.Equal(180, loaded.Storage.LastZxid);
        var tree = Assert.IsType<MiniTree>(loaded.Image);
        foreach (var txn in loaded.Storage.ReadLog()) tree.Apply(txn);
        Assert.Equal(MiniTree.Restore(new StorageRecovery(options).Recover()).Dump(), tree.Dump());
        Assert.Equal(script.Tree.Dump(), tree.Dump());
    }

    [Fact]
    public void Without_a_snapshot_there_is_no_image_and_the_loader_is_not_called()
    {
        using var dir = new TestDirectory();

        var loaded = new StorageRecovery(dir.Options()).Recover<MiniTree>(_ => throw new InvalidOperationException("must not be called"));

        Assert.Null(loaded.Image);
        Assert.Null(loaded.Storage.Snapshot);
    }

    [Fact]
    public async Task A_checksum_mismatch_found_after_the_last_node_is_refused_although_every_node_was_loaded()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 62);
        var txns = script.Next(40);
        var replica = new TxnScript(seed: 62);
        replica.Next(10);
        var writer = new SnapshotWriter(options);
        writer.Write(10, replica.Tree.SnapshotSessions(), replica.Tree.SnapshotNodes());
        replica.Next(20);
        var newestNodes = replica.Tree.SnapshotNodes();
        var newest = writer.Write(30, replica.Tree.SnapshotSessions(), newestNodes);
        await LogFixture.WriteAsync(options, txns);
        // The trailer's CRC field: the content inflates and parses, only the final check can catch it.
        LogFixture.FlipBit(newest, new FileInfo(newest).Length - 8);
        long nodesSeen = 0;
        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover(reader =>
        {
            foreach (var _ in reader.ReadNodes()) nodesSeen++;
            return new object();
        }));

        Assert.Equal(newestNodes.Count, nodesSeen);
        Assert.Equal(newest, error.FilePath);
        Assert.Contains("CRC32C mismatch", error.Message);

        var loaded = new StorageRecovery(options with { AllowSnapshotFallback = true }).Recover(MiniTree.Load);
        Assert.Equal(10, loaded.Storage.SnapshotZxid);
        Assert.Equal(newest, Assert.Single(loaded.Storage.RejectedSnapshots).FilePath);
        var tree = Assert.IsType<MiniTree>(loaded.Image);
        Assert.Equal(10, tree.LastZxid);
        foreach (var txn in loaded.Storage.ReadLog()) tree.Apply(txn);
        Assert.Equal(script.Tree.Dump(), tree.Dump());
    }

    [Fact]
    public void Damaged_compressed_content_is_refused_by_the_loading_read()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var path = SnapshotAfter(options, seed: 63, transactions: 50);
        LogFixture.FlipBit(path, new FileInfo(path).Length / 2);

        var error = Assert.Throws<StorageCorruptedException>(() => new StorageRecovery(options).Recover(MiniTree.Load));

        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void A_loader_that_stops_before_the_last_node_is_a_programming_error()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        SnapshotAfter(options, seed: 64, transactions: 30);

        var error = Assert.Throws<InvalidOperationException>(() => new StorageRecovery(options).Recover(reader =>
        {
            _ = reader.ReadNodes().First();
            return new object();
        }));

        Assert.Contains("not verified", error.Message);
    }

    /// <summary>Writes a snapshot of a scripted tree after that many transactions; returns its path.</summary>
    private static string SnapshotAfter(StorageOptions options, int seed, int transactions)
    {
        var script = new TxnScript(seed);
        script.Next(transactions);
        return new SnapshotWriter(options).Write(script.LastZxid, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());
    }
}
