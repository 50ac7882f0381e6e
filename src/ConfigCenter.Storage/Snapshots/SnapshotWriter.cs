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
        ArgumentOutOfRangeException.ThrowIfNegative(zxid);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(nodes);
        var directory = _options.DataDir;
        _fileSystem.CreateDirectory(directory);
        var finalPath = Path.Combine(directory, StorageFileNames.Snapshot(zxid));
        var temporaryPath = finalPath + StorageFileNames.TemporarySuffix;
        // Left behind by a crash during an earlier attempt at the same zxid.
        if (_fileSystem.FileExists(temporaryPath)) _fileSystem.Delete(temporaryPath);
        try
        {
            using (var file = _fileSystem.CreateNew(temporaryPath))
            {
                WriteContent(file, zxid, sessions, nodes, cancellationToken);
                // Always synced, forceSync or not: purging trusts snapshots to replace the log before them.
                file.Sync();
            }
            _fileSystem.Move(temporaryPath, finalPath, overwrite: true);
            _fileSystem.SyncDirectory(directory);
            return finalPath;
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    private void WriteContent(IStorageFile file, long zxid, IReadOnlyCollection<SnapshotSession> sessions, IEnumerable<SnapshotNode> nodes, CancellationToken cancellationToken)
    {
        using var output = new BufferedStream(new StorageFileWriteStream(file), ChunkBytes);
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

    private void TryDelete(string path)
    {
        try
        {
            if (_fileSystem.FileExists(path)) _fileSystem.Delete(path);
        }
        catch (IOException)
        {
            // Recovery removes leftover temporary files at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
