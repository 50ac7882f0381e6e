using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class SnapshotTests
{
    private static List<SnapshotNode> SampleNodes(int extra)
    {
        var nodes = new List<SnapshotNode>
        {
            new("/", [], Acl.OpenAclUnsafe, new PersistedStat(0, 0, 0, 0, 0, 3, 0, 0, 9)),
            new("/null", null, Txns.DigestAcl, new PersistedStat(2, 5, 100, 200, 4, 0, 1, 0, 2)),
            new("/empty", [], [], new PersistedStat(3, 3, 101, 101, 0, 0, 0, 0x1234, 3)),
            new("/big", Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31)).ToArray(), Acl.ReadAclUnsafe, new PersistedStat(4, 4, 1, 1, 0, 0, 0, long.MinValue, 4)),
        };
        for (var i = 0; i < extra; i++)
            nodes.Add(new SnapshotNode($"/n/{i:d6}", System.Text.Encoding.UTF8.GetBytes($"value {i}"), Acl.OpenAclUnsafe, new PersistedStat(i, i, i, i, i % 7, i % 3, 0, 0, i)));
        return nodes;
    }

    private static void AssertSameNodes(IReadOnlyList<SnapshotNode> expected, IReadOnlyList<SnapshotNode> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Path, actual[i].Path);
            Assert.Equal(expected[i].Data, actual[i].Data);
            Assert.Equal(expected[i].Acl, actual[i].Acl);
            Assert.Equal(expected[i].Stat, actual[i].Stat);
        }
    }

    [Fact]
    public void Sessions_and_nodes_read_back_exactly_and_no_temporary_file_is_left()
    {
        using var dir = new TestDirectory();
        var nodes = SampleNodes(extra: 20_000);
        SnapshotSession[] sessions = [new(0x100, 30000), new(0x7FFF_0000_0000_0001, 4000)];

        var path = new SnapshotWriter(dir.Options()).Write(0x1_0000_002A, sessions, nodes);

        Assert.Equal(Path.Combine(dir.DataDir, "snapshot.000000010000002a"), path);
        Assert.Equal([path], Directory.GetFiles(dir.DataDir));
        using var reader = SnapshotReader.Open(path);
        Assert.Equal(0x1_0000_002A, reader.Zxid);
        Assert.Equal(nodes.Count, reader.NodeCount);
        Assert.Equal(sessions, reader.Sessions);
        AssertSameNodes(nodes, reader.ReadNodes().ToList());
        Assert.Throws<InvalidOperationException>(() => reader.ReadNodes());
    }

    [Fact]
    public void The_content_is_compressed()
    {
        using var dir = new TestDirectory();
        var path = new SnapshotWriter(dir.Options()).Write(1, [], [new SnapshotNode("/zeros", new byte[1_000_000], Acl.OpenAclUnsafe, default)]);
        Assert.InRange(new FileInfo(path).Length, 1, 20_000);
        using var reader = SnapshotReader.Open(path);
        Assert.Equal(new byte[1_000_000], reader.ReadNodes().Single().Data);
    }

    [Fact]
    public void Verify_counts_what_it_read()
    {
        using var dir = new TestDirectory();
        var path = new SnapshotWriter(dir.Options()).Write(7, [new SnapshotSession(1, 2)], SampleNodes(extra: 10));
        var summary = SnapshotReader.Verify(path);
        Assert.Equal(new SnapshotSummary(path, 7, 0, 1, 14), summary);
        Assert.True(SnapshotReader.LooksComplete(new ZxidFile(path, 7)));
    }

    [Theory]
    [InlineData(0.5)]  // inside the compressed content
    [InlineData(0.05)] // early in it
    public void A_flipped_bit_in_the_content_is_detected_with_file_and_offset(double where)
    {
        using var dir = new TestDirectory();
        var path = new SnapshotWriter(dir.Options()).Write(9, [], SampleNodes(extra: 5_000));
        var length = new FileInfo(path).Length;
        var offset = SnapshotFormat.HeaderSize + (long)((length - SnapshotFormat.HeaderSize - SnapshotFormat.TrailerSize) * where);
        LogFixture.FlipBit(path, offset, bit: 3);

        var error = Assert.Throws<StorageCorruptedException>(() => SnapshotReader.Verify(path));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("byte offset", error.Message);
        Assert.InRange(error.Offset, SnapshotFormat.HeaderSize, length);
    }

    [Fact]
    public void A_damaged_trailer_or_header_or_a_cut_file_is_detected()
    {
        using var dir = new TestDirectory();
        var writer = new SnapshotWriter(dir.Options());
        static long Length(string path) => new FileInfo(path).Length;
        var path = writer.Write(9, [], SampleNodes(extra: 10));
        LogFixture.FlipBit(path, Length(path) - 6); // in the CRC
        Assert.Contains("CRC32C mismatch", Assert.Throws<StorageCorruptedException>(() => SnapshotReader.Verify(path)).Message);

        path = writer.Write(10, [], SampleNodes(extra: 10));
        LogFixture.FlipBit(path, Length(path) - 20); // in the node count, which the CRC covers
        Assert.Throws<StorageCorruptedException>(() => SnapshotReader.Verify(path));

        path = writer.Write(11, [], SampleNodes(extra: 10));
        LogFixture.FlipBit(path, 2); // in the magic
        Assert.Contains("not a snapshot", Assert.Throws<StorageCorruptedException>(() => SnapshotReader.Verify(path)).Message);

        path = writer.Write(12, [], SampleNodes(extra: 10));
        LogFixture.Truncate(path, Length(path) / 2);
        Assert.Contains("trailer is missing", Assert.Throws<StorageCorruptedException>(() => SnapshotReader.Verify(path)).Message);
        Assert.False(SnapshotReader.LooksComplete(new ZxidFile(path, 12)));
    }

    [Fact]
    public void A_failed_or_cancelled_snapshot_leaves_no_file()
    {
        using var dir = new TestDirectory();
        var writer = new SnapshotWriter(dir.Options());

        IEnumerable<SnapshotNode> Failing()
        {
            yield return SampleNodes(0)[0];
            throw new InvalidOperationException("tree changed");
        }
        Assert.Throws<InvalidOperationException>(() => writer.Write(5, [], Failing()));
        Assert.Empty(Directory.GetFiles(dir.DataDir));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => writer.Write(5, [], SampleNodes(extra: 3), cancelled.Token));
        Assert.Empty(Directory.GetFiles(dir.DataDir));
    }

    [Fact]
    public void The_snapshot_is_synced_before_the_rename_and_the_directory_after_it()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();
        new SnapshotWriter(dir.Options(), fs).Write(5, [], SampleNodes(extra: 3));
        Assert.Equal(1, fs.FileSyncs);
        Assert.Equal(1, fs.DirectorySyncs);
    }

    [Fact]
    public void A_snapshot_of_the_same_zxid_replaces_the_previous_one()
    {
        using var dir = new TestDirectory();
        var writer = new SnapshotWriter(dir.Options());
        writer.Write(5, [], SampleNodes(extra: 3));
        var path = writer.Write(5, [new SnapshotSession(9, 9)], SampleNodes(extra: 4));
        using var reader = SnapshotReader.Open(path);
        Assert.Single(reader.Sessions);
        Assert.Equal(8, reader.ReadNodes().Count());
    }
}
