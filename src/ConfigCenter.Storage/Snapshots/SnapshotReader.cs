using System.IO.Compression;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Storage.Checksums;
using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Snapshots;

/// <summary>
/// Reads a snapshot: header and trailer are checked on open, the session table is read then, and
/// the nodes stream out of <see cref="ReadNodes"/>. The checksum covers everything, so it can only be
/// confirmed after the last node: <see cref="ReadNodes"/> throws at its end when it does not match,
/// and whatever was built from the nodes must then be thrown away. <see cref="Verify"/> does a full
/// pass up front for callers that want certainty before they use a snapshot.
/// </summary>
public sealed class SnapshotReader : IDisposable
{
    // No node of a ZooKeeper tree comes near this; a larger length can only be damage.
    private const int MaxNodeLength = 512 * 1024 * 1024;

    private readonly Stream _file;
    private readonly long _fileLength;
    private readonly uint _expectedCrc;
    private readonly byte[] _trailer;
    private readonly SnapshotContentReader _content;
    private readonly SnapshotNodeDecoder _decoder = new();
    private bool _nodesTaken;
    private bool _verified;

    private SnapshotReader(string path, Stream file, long fileLength, ReadOnlySpan<byte> header, byte[] trailer, SnapshotContentReader content)
    {
        Path = path;
        _file = file;
        _fileLength = fileLength;
        _trailer = trailer;
        _content = content;
        DatabaseId = SnapshotFormat.HeaderDatabaseId(header);
        Zxid = SnapshotFormat.HeaderZxid(header);
        NodeCount = SnapshotFormat.TrailerNodeCount(trailer);
        _expectedCrc = SnapshotFormat.TrailerChecksum(trailer);
    }

    public string Path { get; }
    public long Zxid { get; }
    public long DatabaseId { get; }

    /// <summary>How many nodes the trailer says follow (confirmed by <see cref="ReadNodes"/> at its end).</summary>
    public long NodeCount { get; }

    public IReadOnlyList<SnapshotSession> Sessions { get; private set; } = [];

    /// <summary>Opens a snapshot, checks its header and trailer and reads its session table.</summary>
    /// <exception cref="StorageCorruptedException">The file is not a whole, readable snapshot.</exception>
    public static SnapshotReader Open(string path, IStorageFileSystem? fileSystem = null, long? expectedDatabaseId = null)
    {
        fileSystem ??= PhysicalFileSystem.Instance;
        return Open(path, fileSystem.OpenRead(path), expectedDatabaseId);
    }

    /// <summary>Reads a snapshot image held in memory (<see cref="SnapshotWriter.Serialize"/>'s output); <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="StorageCorruptedException">The image is not a whole, readable snapshot.</exception>
    public static SnapshotReader OpenImage(string name, byte[] image, long? expectedDatabaseId = null) =>
        Open(name, new MemoryStream(image, writable: false), expectedDatabaseId);

    /// <summary>Reads a snapshot from a seekable stream, which the reader then owns; <paramref name="path"/> names it in errors.</summary>
    internal static SnapshotReader Open(string path, Stream file, long? expectedDatabaseId)
    {
        try
        {
            var length = file.Length;
            if (length < SnapshotFormat.HeaderSize + SnapshotFormat.TrailerSize)
                throw new StorageCorruptedException(path, length, $"a snapshot file of {length} bytes is too short to be whole");
            Span<byte> header = stackalloc byte[SnapshotFormat.HeaderSize];
            ReadAt(file, 0, header);
            var trailer = new byte[SnapshotFormat.TrailerSize];
            ReadAt(file, length - SnapshotFormat.TrailerSize, trailer);
            CheckFrame(path, length, header, trailer, expectedDatabaseId);

            var compressed = new BoundedReadStream(file, SnapshotFormat.HeaderSize, length - SnapshotFormat.TrailerSize);
            var content = new SnapshotContentReader(path, compressed, new ZLibStream(compressed, CompressionMode.Decompress), Crc32C.Compute(header));
            var reader = new SnapshotReader(path, file, length, header, trailer, content);
            try
            {
                reader.Sessions = reader.ReadSessions();
                return reader;
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads a whole snapshot and checks its count and checksum.</summary>
    /// <exception cref="StorageCorruptedException">The snapshot is damaged.</exception>
    public static SnapshotSummary Verify(string path, IStorageFileSystem? fileSystem = null, long? expectedDatabaseId = null, CancellationToken cancellationToken = default)
    {
        using var reader = Open(path, fileSystem, expectedDatabaseId);
        return reader.VerifyToEnd(cancellationToken);
    }

    /// <summary>Reads every node, so the count and checksum are checked; the reader is then used up.</summary>
    /// <exception cref="StorageCorruptedException">The snapshot is damaged.</exception>
    internal SnapshotSummary VerifyToEnd(CancellationToken cancellationToken)
    {
        foreach (var _ in ReadNodes(cancellationToken)) { }
        return VerifiedSummary();
    }

    /// <summary>The summary of a snapshot whose nodes were all read and whose count and checksum matched.</summary>
    /// <exception cref="InvalidOperationException">The nodes were not read to the end.</exception>
    public SnapshotSummary VerifiedSummary() => _verified
        ? new SnapshotSummary(Path, Zxid, DatabaseId, Sessions.Count, NodeCount)
        : throw new InvalidOperationException($"{Path} is not verified until every node has been read");

    /// <summary>
    /// A cheap check that a snapshot was written to the end (header and trailer agree with its
    /// name), without reading its content; used to decide which snapshots purging may count on.
    /// </summary>
    public static bool LooksComplete(ZxidFile snapshot, IStorageFileSystem? fileSystem = null)
    {
        fileSystem ??= PhysicalFileSystem.Instance;
        try
        {
            using var file = fileSystem.OpenRead(snapshot.Path);
            var length = file.Length;
            if (length < SnapshotFormat.HeaderSize + SnapshotFormat.TrailerSize) return false;
            Span<byte> header = stackalloc byte[SnapshotFormat.HeaderSize];
            Span<byte> trailer = stackalloc byte[SnapshotFormat.TrailerSize];
            ReadAt(file, 0, header);
            ReadAt(file, length - SnapshotFormat.TrailerSize, trailer);
            return header[..4].SequenceEqual(SnapshotFormat.HeaderMagic) && trailer[20..].SequenceEqual(SnapshotFormat.TrailerMagic)
                && SnapshotFormat.HeaderZxid(header) == snapshot.Zxid && SnapshotFormat.TrailerZxid(trailer) == snapshot.Zxid;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The nodes, in the order they were written; can be read once. Throws
    /// <see cref="StorageCorruptedException"/> on damage, at the latest after the last node.
    /// </summary>
    public IEnumerable<SnapshotNode> ReadNodes(CancellationToken cancellationToken = default)
    {
        if (_nodesTaken) throw new InvalidOperationException("the nodes of a snapshot can be read only once");
        _nodesTaken = true;
        return ReadNodesCore(cancellationToken);
    }

    public void Dispose()
    {
        _content.Dispose();
        _file.Dispose();
    }

    private IEnumerable<SnapshotNode> ReadNodesCore(CancellationToken cancellationToken)
    {
        long count = 0;
        while (true)
        {
            if ((count & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var length = _content.ReadInt32();
            if (length == SnapshotFormat.EndOfNodes) break;
            if (length <= 0 || length > MaxNodeLength) throw _content.Damage($"node {count} has an impossible length of {length}");
            yield return ParseNode(_content.Take(length), count);
            count++;
        }
        CheckEnd(count);
    }

    private SnapshotNode ParseNode(ReadOnlySpan<byte> bytes, long index)
    {
        try
        {
            return _decoder.Decode(bytes);
        }
        catch (JuteException e)
        {
            throw _content.Damage($"node {index} cannot be decoded ({e.Message})", e);
        }
    }

    private List<SnapshotSession> ReadSessions()
    {
        var count = _content.ReadInt32();
        if (count < 0) throw _content.Damage($"a session count of {count}");
        var sessions = new List<SnapshotSession>(Math.Min(count, 4096));
        for (var i = 0; i < count; i++) sessions.Add(new SnapshotSession(_content.ReadInt64(), _content.ReadInt32()));
        return sessions;
    }

    private void CheckEnd(long count)
    {
        if (!_content.AtEnd()) throw _content.Damage("there is content after the end of the nodes");
        var crc = Crc32C.Append(_content.Crc, _trailer.AsSpan(0, SnapshotFormat.TrailerChecksummedSize));
        var trailerOffset = _fileLength - SnapshotFormat.TrailerSize;
        if (crc != _expectedCrc)
            throw new StorageCorruptedException(Path, trailerOffset, $"snapshot CRC32C mismatch: the content hashes to {crc:x8}, the trailer says {_expectedCrc:x8}");
        if (count != NodeCount)
            throw new StorageCorruptedException(Path, trailerOffset, $"the snapshot holds {count} nodes, its trailer says {NodeCount}");
        _verified = true;
    }

    private static void CheckFrame(string path, long length, ReadOnlySpan<byte> header, ReadOnlySpan<byte> trailer, long? expectedDatabaseId)
    {
        if (!header[..4].SequenceEqual(SnapshotFormat.HeaderMagic))
            throw new StorageCorruptedException(path, 0, $"not a snapshot (magic {Convert.ToHexString(header[..4])})");
        var version = SnapshotFormat.HeaderVersion(header);
        if (version != SnapshotFormat.CurrentVersion)
            throw new StorageCorruptedException(path, 4, $"unsupported snapshot format version {version}");
        var databaseId = SnapshotFormat.HeaderDatabaseId(header);
        if (expectedDatabaseId is { } expected && databaseId != expected)
            throw new StorageCorruptedException(path, 8, $"the snapshot belongs to database {databaseId}, not {expected}");
        var zxid = SnapshotFormat.HeaderZxid(header);
        if (StorageFileNames.TryParseSnapshot(System.IO.Path.GetFileName(path), out var named) && named != zxid)
            throw new StorageCorruptedException(path, 16, $"the header says zxid 0x{zxid:x} but the file is named for 0x{named:x}");
        if (!trailer[20..].SequenceEqual(SnapshotFormat.TrailerMagic))
            throw new StorageCorruptedException(path, length - 4, "the trailer is missing: the snapshot was not written to the end");
        if (SnapshotFormat.TrailerZxid(trailer) != zxid)
            throw new StorageCorruptedException(path, length - 16, $"the trailer's zxid 0x{SnapshotFormat.TrailerZxid(trailer):x} differs from the header's 0x{zxid:x}");
        if (SnapshotFormat.TrailerNodeCount(trailer) < 0)
            throw new StorageCorruptedException(path, length - 24, $"the trailer's node count {SnapshotFormat.TrailerNodeCount(trailer)} is negative");
    }

    private static void ReadAt(Stream file, long offset, Span<byte> destination)
    {
        file.Position = offset;
        file.ReadExactly(destination);
    }
}
