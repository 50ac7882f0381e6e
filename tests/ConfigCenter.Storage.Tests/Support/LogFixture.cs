using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Recovery;

namespace ConfigCenter.Storage.Tests.Support;

internal static class LogFixture
{
    /// <summary>Logs the transactions with a writer, waits until they are durable and closes it.</summary>
    public static async Task<DurabilityLog> WriteAsync(StorageOptions options, IReadOnlyList<LoggedTxn> txns, IStorageFileSystem? fileSystem = null)
    {
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, txns[0].Zxid - 1, reports.Durable, reports.Failed, fileSystem))
        {
            foreach (var txn in txns) writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();
        }
        Assert.Empty(reports.Failures);
        Assert.Equal(txns[^1].Zxid, reports.LastDurable);
        return reports;
    }

    /// <summary>Logs the transactions <paramref name="perSegment"/> to a segment (rolling after each group).</summary>
    public static async Task WriteInSegmentsAsync(StorageOptions options, IReadOnlyList<LoggedTxn> txns, int perSegment)
    {
        var reports = new DurabilityLog();
        await using var writer = new TxnLogWriter(options, txns[0].Zxid - 1, reports.Durable, reports.Failed);
        foreach (var chunk in txns.Chunk(perSegment))
        {
            foreach (var txn in chunk) writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();
            writer.RollLog();
        }
        Assert.Empty(reports.Failures);
    }

    /// <summary>Each transaction in its own group commit, so a segment holds many separately synced batches.</summary>
    public static async Task WriteOneByOneAsync(TxnLogWriter writer, IEnumerable<LoggedTxn> txns)
    {
        foreach (var txn in txns)
        {
            writer.Append(txn.Header, txn.Txn);
            await writer.FlushAsync();
        }
    }

    public static List<LoggedTxn> Replay(StorageOptions options, IStorageFileSystem? fileSystem = null) =>
        new StorageRecovery(options, fileSystem).Recover().ReadLog().ToList();

    /// <summary>Where each record of a segment starts, read back with the segment reader.</summary>
    public static List<LogFrame> Frames(string segmentPath)
    {
        using var reader = LogSegmentReader.Open(segmentPath);
        var frames = new List<LogFrame>();
        while (reader.TryRead(out var frame)) frames.Add(frame with { Payload = frame.Payload.ToArray() });
        return frames;
    }

    public static void FlipBit(string path, long offset, int bit = 0)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ (1 << bit)));
    }

    public static void WriteAt(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        file.Write(bytes);
    }

    public static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(length);
    }
}
