using System.Buffers;
using System.Buffers.Binary;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Storage.Checksums;
using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// Reads the records of one log segment in order, checking each one's CRC and that zxids follow one
/// another. Where the records stop it tells a torn tail (a crash mid-write: a bad record with
/// nothing valid after it) from damage (a bad record followed by a valid one), which throws.
/// </summary>
public sealed class LogSegmentReader : IDisposable
{
    private const int ScanChunkBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _readLimit;
    private byte[] _payload = ArrayPool<byte>.Shared.Rent(4096);

    private LogSegmentReader(string path, Stream stream, long? nameZxid, long? readLimit)
    {
        Path = path;
        _stream = stream;
        NameZxid = nameZxid;
        FileLength = stream.Length;
        _readLimit = Math.Min(readLimit ?? long.MaxValue, FileLength);
    }

    public string Path { get; }

    /// <summary>The first zxid the file's name promises, when it is named like a segment.</summary>
    public long? NameZxid { get; }

    public long FileLength { get; }
    public long DatabaseId { get; private set; }
    public int FormatVersion { get; private set; }

    /// <summary>Where the next record would start; after the end, where the valid records stop.</summary>
    public long Position { get; private set; }

    public int RecordCount { get; private set; }
    public long FirstZxid { get; private set; }
    public long LastZxid { get; private set; }

    /// <summary>Set once <see cref="TryRead"/> has returned false.</summary>
    public LogSegmentEnd? End { get; private set; }

    /// <summary>For a torn tail: what was wrong with the record at <see cref="Position"/>.</summary>
    public string? TornTailProblem { get; private set; }

    /// <summary>Opens a segment and checks its header.</summary>
    /// <param name="expectedDatabaseId">When given, a segment of another database is refused.</param>
    /// <param name="readLimit">Stop at this offset, as if the file ended there (recovery's second pass stops where the first found the end).</param>
    public static LogSegmentReader Open(string path, IStorageFileSystem? fileSystem = null, long? expectedDatabaseId = null, long? readLimit = null)
    {
        fileSystem ??= PhysicalFileSystem.Instance;
        long? nameZxid = StorageFileNames.TryParseLogSegment(System.IO.Path.GetFileName(path), out var zxid) ? zxid : null;
        var stream = fileSystem.OpenRead(path);
        var reader = new LogSegmentReader(path, stream, nameZxid, readLimit);
        try
        {
            reader.ReadHeader(expectedDatabaseId);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next record; false at the end of the records (see <see cref="End"/>).</summary>
    /// <exception cref="StorageCorruptedException">A bad record with valid records after it, or zxids out of sequence.</exception>
    public bool TryRead(out LogFrame frame)
    {
        frame = default;
        if (End is not null) return false;
        var remaining = _readLimit - Position;
        if (remaining == 0) return Finish(LogSegmentEnd.Clean, null);
        if (remaining < TxnLogFrame.PrefixSize) return StopAt("a record prefix cut short");

        Span<byte> prefix = stackalloc byte[TxnLogFrame.PrefixSize];
        ReadAt(Position, prefix);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(prefix[4..]);
        if (length == 0) return StopAt(null);
        if (length < TxnLogFrame.MinPayloadLength || length > TxnLogFrame.MaxPayloadLength || length > remaining - TxnLogFrame.PrefixSize)
            return StopAt($"a record with an impossible length of {length}");

        if (_payload.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent(length);
        }
        var payload = _payload.AsSpan(0, length);
        ReadAt(Position + TxnLogFrame.PrefixSize, payload);
        if (Crc32C.Compute(payload) != crc) return StopAt("a record whose CRC does not match");

        var zxid = TxnRecordCodec.ReadZxid(payload);
        if (RecordCount == 0 && NameZxid is { } named && zxid != named)
            throw new StorageCorruptedException(Path, Position, $"the first record has zxid 0x{zxid:x} but the file is named for 0x{named:x}");
        if (RecordCount > 0 && !ZxidSequence.Follows(LastZxid, zxid))
            throw new StorageCorruptedException(Path, Position, $"zxid 0x{zxid:x} follows 0x{LastZxid:x}: records are missing or out of order");

        frame = new LogFrame(Position, zxid, _payload.AsMemory(0, length));
        if (RecordCount == 0) FirstZxid = zxid;
        LastZxid = zxid;
        RecordCount++;
        Position += TxnLogFrame.PrefixSize + length;
        return true;
    }

    /// <summary>Decodes a frame this reader returned into the transaction it holds.</summary>
    public LoggedTxn Decode(in LogFrame frame)
    {
        try
        {
            return TxnRecordCodec.Deserialize(frame.Payload.Span);
        }
        catch (JuteException e)
        {
            throw new StorageCorruptedException(Path, frame.Offset, $"record 0x{frame.Zxid:x} passes its CRC but cannot be decoded: {e.Message}", e);
        }
    }

    /// <summary>Reads and decodes every record.</summary>
    public IEnumerable<LoggedTxn> ReadTransactions()
    {
        while (TryRead(out var frame)) yield return Decode(frame);
    }

    public void Dispose()
    {
        _stream.Dispose();
        var payload = _payload;
        _payload = [];
        if (payload.Length > 0) ArrayPool<byte>.Shared.Return(payload);
    }

    private void ReadHeader(long? expectedDatabaseId)
    {
        if (FileLength < TxnLogFileHeader.Size)
        {
            // Created but never synced in full: a crash before any record could be written to it.
            End = LogSegmentEnd.MissingHeader;
            return;
        }
        Span<byte> header = stackalloc byte[TxnLogFileHeader.Size];
        ReadAt(0, header);
        if (!header.ContainsAnyExcept((byte)0))
        {
            if (!IsZeroFrom(TxnLogFileHeader.Size))
                throw new StorageCorruptedException(Path, 0, "the segment header is zeros but data follows it");
            End = LogSegmentEnd.MissingHeader;
            return;
        }
        if (!header[..4].SequenceEqual(TxnLogFileHeader.Magic))
            throw new StorageCorruptedException(Path, 0, $"not a transaction log segment (magic {Convert.ToHexString(header[..4])})");
        FormatVersion = TxnLogFileHeader.ReadVersion(header);
        if (FormatVersion != TxnLogFileHeader.CurrentVersion)
            throw new StorageCorruptedException(Path, 4, $"unsupported log format version {FormatVersion}");
        DatabaseId = TxnLogFileHeader.ReadDatabaseId(header);
        if (expectedDatabaseId is { } expected && DatabaseId != expected)
            throw new StorageCorruptedException(Path, 8, $"the segment belongs to database {DatabaseId}, not {expected}");
        Position = TxnLogFileHeader.Size;
    }

    /// <summary>
    /// The records stop at <see cref="Position"/>. Zeros from there on are unused preallocation;
    /// anything else is a torn write, unless a valid record follows, which means damage.
    /// </summary>
    private bool StopAt(string? problem)
    {
        if (IsZeroFrom(Position)) return Finish(LogSegmentEnd.Clean, null);
        if (FindRecordAfter(Position) is var (offset, zxid))
        {
            var what = problem ?? "a zero length (end of data)";
            throw new StorageCorruptedException(Path, Position,
                $"{what} after zxid 0x{LastZxid:x}, yet a valid record (zxid 0x{zxid:x}) follows at byte offset {offset}: the log is damaged, not torn");
        }
        return Finish(LogSegmentEnd.TornTail, problem ?? "a zero length followed by stray bytes");
    }

    private bool Finish(LogSegmentEnd end, string? problem)
    {
        End = end;
        TornTailProblem = problem;
        return false;
    }

    private bool IsZeroFrom(long offset)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ScanChunkBytes);
        try
        {
            for (var at = offset; at < _readLimit; at += ScanChunkBytes)
            {
                var span = chunk.AsSpan(0, (int)Math.Min(ScanChunkBytes, _readLimit - at));
                ReadAt(at, span);
                if (span.ContainsAnyExcept((byte)0)) return false;
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// Looks past a bad record for a valid one that would continue the log: a plausible length, a
    /// zxid just above the last good one or just into a later epoch (no more records fit between
    /// than the bytes allow), and a matching CRC. The zxid test makes a false match in random junk practically impossible.
    /// </summary>
    private (long Offset, long Zxid)? FindRecordAfter(long badOffset)
    {
        var lastZxid = RecordCount > 0 ? LastZxid : (NameZxid ?? 1) - 1;
        const int lookahead = TxnLogFrame.ZxidOffsetInFrame + 8;
        var chunk = ArrayPool<byte>.Shared.Rent(ScanChunkBytes + lookahead);
        try
        {
            for (var windowStart = badOffset + 1; windowStart + TxnLogFrame.MinFrameLength <= _readLimit; windowStart += ScanChunkBytes)
            {
                var span = chunk.AsSpan(0, (int)Math.Min(ScanChunkBytes + lookahead, _readLimit - windowStart));
                ReadAt(windowStart, span);
                var candidates = Math.Min(ScanChunkBytes, span.Length - lookahead + 1);
                var i = 0;
                while (i < candidates)
                {
                    var length = BinaryPrimitives.ReadInt32BigEndian(span[i..]);
                    if (length == 0)
                    {
                        // Skip zero runs quickly: a length can only be non-zero where a non-zero byte is near.
                        var nonZero = span[(i + 4)..].IndexOfAnyExcept((byte)0);
                        if (nonZero < 0) break;
                        i = Math.Max(i + 1, i + 4 + nonZero - 3);
                        continue;
                    }
                    var offset = windowStart + i;
                    if (length >= TxnLogFrame.MinPayloadLength && length <= TxnLogFrame.MaxPayloadLength
                        && length <= _readLimit - offset - TxnLogFrame.PrefixSize)
                    {
                        var zxid = BinaryPrimitives.ReadInt64BigEndian(span[(i + TxnLogFrame.ZxidOffsetInFrame)..]);
                        var mostRecordsBetween = (offset - badOffset) / TxnLogFrame.MinFrameLength;
                        if (ZxidSequence.FollowsWithin(lastZxid, zxid, mostRecordsBetween + 1)
                            && CrcMatches(offset, length, BinaryPrimitives.ReadUInt32BigEndian(span[(i + 4)..])))
                            return (offset, zxid);
                    }
                    i++;
                }
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private bool CrcMatches(long offset, int length, uint expected)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var payload = buffer.AsSpan(0, length);
            ReadAt(offset + TxnLogFrame.PrefixSize, payload);
            return Crc32C.Compute(payload) == expected;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadAt(long offset, Span<byte> destination)
    {
        _stream.Position = offset;
        _stream.ReadExactly(destination);
    }
}
