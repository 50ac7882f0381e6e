using System.Buffers.Binary;
using System.IO.Compression;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Storage.Buffers;
using ConfigCenter.Storage.Checksums;
using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// Writes <c>snapshot.&lt;zxid&gt;</c> into dataDir: first to a temporary file, which is synced and
/// only then renamed (and the directory synced), so a snapshot under its final name is always whole.
/// </summary>
/// <remarks>
/// The snapshot may be fuzzy, as ZooKeeper's are: taken while transactions keep being applied, so it
/// can hold effects of transactions after <c>zxid</c>. That is sound because recovery replays the log
/// from <c>zxid + 1</c> and every transaction carries absolute values (versions, parent cversion),
/// so applying one whose effect is already there changes nothing. The server's replay must therefore
/// accept a create of a node that exists and a delete of one that is gone (NodeExists and NoNode
/// results are expected there, not errors).
/// </remarks>
public sealed class SnapshotWriter
{
    private const int ChunkBytes = 64 * 1024;
    private readonly StorageOptions _options;
    private readonly IStorageFileSystem _fileSystem;

    public SnapshotWriter(StorageOptions options, IStorageFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _fileSystem = fileSystem ?? PhysicalFileSystem.Instance;
    }

    /// <summary>Writes a snapshot of the state as of <paramref name="zxid"/>; returns its path.</summary>
    /// <param name="zxid">The last zxid applied when the snapshot began (replay resumes after it).</param>
    /// <param name="sessions">The session table.</param>
    /// <param name="nodes">Every znode, parents before their children so a reader can rebuild the tree in one pass.</param>
    public string Write(long zxid, IReadOnlyCollection<SnapshotSession> sessions, IEnumerable<SnapshotNode> nodes, CancellationToken cancellationToken = default)
    {
        CheckArguments(zxid, sessions, nodes);
        var path = Path.Combine(_options.DataDir, StorageFileNames.Snapshot(zxid));
        // Synced even with forceSync off: purging trusts snapshots to replace the log before them.
        AtomicFile.Write(_fileSystem, path, file =>
        {
            using var output = new BufferedStream(new StorageFileWriteStream(file), ChunkBytes);
            WriteContent(output, zxid, sessions, nodes, cancellationToken);
        });
        return path;
    }

    /// <summary>
    /// The bytes <see cref="Write"/> would put in the file, in memory: the image a leader ships to a
    /// learner, which installs it with <see cref="SnapshotInstaller.Install"/>.
    /// </summary>
    public byte[] Serialize(long zxid, IReadOnlyCollection<SnapshotSession> sessions, IEnumerable<SnapshotNode> nodes, CancellationToken cancellationToken = default)
    {
        CheckArguments(zxid, sessions, nodes);
        using var output = new MemoryStream();
        WriteContent(output, zxid, sessions, nodes, cancellationToken);
        return output.ToArray();
    }

    private static void CheckArguments(long zxid, IReadOnlyCollection<SnapshotSession> sessions, IEnumerable<SnapshotNode> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zxid);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(nodes);
    }

    private void WriteContent(Stream output, long zxid, IReadOnlyCollection<SnapshotSession> sessions, IEnumerable<SnapshotNode> nodes, CancellationToken cancellationToken)
    {
        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderSize];
        SnapshotFormat.WriteHeader(header, _options.DatabaseId, zxid);
        output.Write(header);
        var crc = Crc32C.Compute(header);

        long nodeCount = 0;
        using (var content = new PooledByteBuffer(ChunkBytes + 4096))
        using (var compressor = new ZLibStream(output, _options.SnapshotCompression, leaveOpen: true))
        {
            var writer = new JuteWriter(content);
            writer.WriteInt(sessions.Count);
            var sessionCount = 0;
            foreach (var session in sessions)
            {
                writer.WriteLong(session.SessionId);
                writer.WriteInt(session.TimeoutMs);
                sessionCount++;
            }
            if (sessionCount != sessions.Count) throw new InvalidOperationException("the session table changed while the snapshot was written");

            foreach (var node in nodes)
            {
                if ((nodeCount & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
                // Each node is length-prefixed so the reader can take it whole before parsing it.
                var start = content.WrittenCount;
                writer.WriteInt(0);
                node.Write(writer);
                BinaryPrimitives.WriteInt32BigEndian(content.WrittenSpan[start..], content.WrittenCount - start - 4);
                nodeCount++;
                if (content.WrittenCount >= ChunkBytes) crc = Compress(content, compressor, crc);
            }
            writer.WriteInt(SnapshotFormat.EndOfNodes);
            crc = Compress(content, compressor, crc);
        }

        Span<byte> trailer = stackalloc byte[SnapshotFormat.TrailerSize];
        SnapshotFormat.WriteTrailer(trailer, nodeCount, zxid);
        crc = Crc32C.Append(crc, trailer[..SnapshotFormat.TrailerChecksummedSize]);
        SnapshotFormat.WriteTrailerChecksum(trailer, crc);
        output.Write(trailer);
        output.Flush();
    }

    private static uint Compress(PooledByteBuffer content, ZLibStream compressor, uint crc)
    {
        crc = Crc32C.Append(crc, content.WrittenSpan);
        compressor.Write(content.WrittenSpan);
        content.Clear();
        return crc;
    }
}
