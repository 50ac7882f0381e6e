using System.Text;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

/// <summary>Nodes read on another thread, in batches: same nodes, same order, same damage reports.</summary>
public class SnapshotReadAheadTests
{
    [Fact]
    public void Batches_hold_every_node_in_written_order_and_leave_the_snapshot_verified()
    {
        using var dir = new TestDirectory();
        var written = Nodes(3000);
        var path = new SnapshotWriter(dir.Options()).Write(7, [], written);
        using var reader = SnapshotReader.Open(path);

        var read = new List<SnapshotNode>();
        foreach (var batch in reader.ReadNodeBatchesAhead()) read.AddRange(batch.ToArray());

        Assert.Equal(written.Select(n => n.Path), read.Select(n => n.Path));
        Assert.Equal(written.Select(n => n.Data), read.Select(n => n.Data));
        Assert.Equal(written.Select(n => n.Stat), read.Select(n => n.Stat));
        Assert.Equal(written.Count, reader.VerifiedSummary().NodeCount);
    }

    [Fact]
    public void Equal_acls_decode_to_one_shared_list()
    {
        using var dir = new TestDirectory();
        var written = Nodes(10);
        written.Add(new SnapshotNode("/digest", [], Txns.DigestAcl, default));
        var path = new SnapshotWriter(dir.Options()).Write(7, [], written);
        using var reader = SnapshotReader.Open(path);

        var read = reader.ReadNodes().ToList();

        Assert.All(read.Take(10), node => Assert.Same(read[0].Acl, node.Acl));
        Assert.Equal(Acl.OpenAclUnsafe, read[0].Acl);
        Assert.Equal(Txns.DigestAcl, read[^1].Acl);
    }

    [Fact]
    public void Damage_found_by_the_reading_thread_is_thrown_to_the_caller()
    {
        using var dir = new TestDirectory();
        var path = new SnapshotWriter(dir.Options()).Write(7, [], Nodes(3000));
        LogFixture.FlipBit(path, new FileInfo(path).Length - 8); // the CRC: only the end can tell
        using var reader = SnapshotReader.Open(path);

        var error = Assert.Throws<StorageCorruptedException>(() =>
        {
            foreach (var _ in reader.ReadNodeBatchesAhead()) { }
        });

        Assert.Contains("CRC32C mismatch", error.Message);
        Assert.Throws<InvalidOperationException>(() => reader.VerifiedSummary());
    }

    [Fact]
    public void Stopping_early_ends_the_reading_thread_before_the_reader_is_disposed()
    {
        using var dir = new TestDirectory();
        var path = new SnapshotWriter(dir.Options()).Write(7, [], Nodes(20_000));
        var reader = SnapshotReader.Open(path);

        var first = reader.ReadNodeBatchesAhead().First();
        reader.Dispose();

        Assert.Equal("/n/000000", first.Span[0].Path);
        Assert.Throws<InvalidOperationException>(() => reader.VerifiedSummary());
    }

    private static List<SnapshotNode> Nodes(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new SnapshotNode($"/n/{i:d6}", Encoding.UTF8.GetBytes($"value {i}"), Acl.OpenAclUnsafe, new PersistedStat(i, i, i, i, i % 7, i % 3, 0, 0, i)))
            .ToList();
}
