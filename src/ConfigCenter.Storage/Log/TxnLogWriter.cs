using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Buffers;
using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// Appends transactions to the log with group commit. <see cref="Append"/> only queues; a dedicated
/// thread takes everything queued, writes it in one go, fsyncs once and then reports the last zxid
/// made durable. Appends arriving during an fsync wait for the next one, so throughput is not one
/// fsync per transaction. A client's write may be acknowledged only once <c>durableUpTo</c> covers it.
/// </summary>
/// <remarks>
/// Both callbacks run on the writer thread, in zxid order; they must be quick and must not throw
/// (hand the news to the server's own thread). After <c>failed(fromZxid, error)</c> none of the
/// records appended from <c>fromZxid</c> on is durable, the file has been cut back to the last durable
/// record, and the log takes only a zxid following the last durable one (<c>fromZxid</c>, or the first
/// of a later epoch) as the next: records that would leave a gap are failed as well. Appending <c>fromZxid</c> again retries, so writing resumes once space returns.
/// </remarks>
public sealed class TxnLogWriter : IDisposable, IAsyncDisposable
{
    // Frames are handed to the file in pieces of about this size, so a huge backlog needs no huge buffer.
    private const int WriteChunkBytes = 1024 * 1024;
    private const int RetainedBufferBytes = 4 * 1024 * 1024;

    private readonly StorageOptions _options;
    private readonly IStorageFileSystem _fileSystem;
    private readonly Action<long> _durableUpTo;
    private readonly Action<long, Exception> _failed;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guarded by _gate.
    private List<PendingTxn> _incoming = [];
    private readonly List<FlushWaiter> _flushWaiters = [];
    private long _appendedCount;
    private long _processedCount;
    private bool _rollRequested;
    private bool _stopping;

    // Owned by the writer thread.
    private List<PendingTxn> _draining = [];
    private readonly PooledByteBuffer _frames = new(64 * 1024);
    private ActiveLogSegment? _segment;
    private bool _rollPending;
    private long _lastLoggedZxid;

    private long _durableZxid;

    /// <param name="options">Where the log goes, whether to fsync, preallocation and roll sizes.</param>
    /// <param name="lastLoggedZxid">The last zxid already in the log or snapshot (<see cref="Recovery.RecoveredStorage.LastZxid"/>); the next append must be this plus one.</param>
    /// <param name="durableUpTo">Told the last zxid made durable, after each group commit.</param>
    /// <param name="failed">Told the first zxid of records that could not be made durable, and why.</param>
    /// <param name="fileSystem">The real file system unless a test injects one.</param>
    public TxnLogWriter(StorageOptions options, long lastLoggedZxid, Action<long> durableUpTo, Action<long, Exception> failed, IStorageFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(durableUpTo);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentOutOfRangeException.ThrowIfNegative(lastLoggedZxid);
        options.Validate();
        _options = options;
        _fileSystem = fileSystem ?? PhysicalFileSystem.Instance;
        _durableUpTo = durableUpTo;
        _failed = failed;
        _lastLoggedZxid = lastLoggedZxid;
        _durableZxid = lastLoggedZxid;
        _thread = new Thread(Run) { IsBackground = true, Name = "ConfigCenter txn log writer" };
        _thread.Start();
    }

    /// <summary>The last zxid known to be durable.</summary>
    public long DurableZxid => Volatile.Read(ref _durableZxid);

    /// <summary>
    /// Queues a transaction; never blocks on I/O. Zxids must follow one another without gaps (the
    /// next counter, or counter 1 of a later epoch).
    /// Thread-safe; records are logged in the order the calls take effect.
    /// </summary>
    public void Append(in TxnHeader header, Txn txn)
    {
        TxnRecordCodec.EnsureReadable(header, txn);
        Enqueue(new PendingTxn(header.Zxid, header, txn, default));
    }

    /// <summary>
    /// Queues a transaction already serialized by <see cref="TxnRecordCodec"/>, such as an entry
    /// received from the leader; it is framed and written as it is, never decoded here. Ordering and
    /// durability reports are those of <see cref="Append"/>.
    /// </summary>
    /// <param name="zxid">The record's zxid; it must match the one in the record's header.</param>
    /// <param name="record">The bytes; they must not change until the record is reported durable or failed.
    /// Bytes that pass the header check but do not decode would be logged and stop recovery, so only
    /// hand over what <see cref="TxnRecordCodec.Serialize"/> produced.</param>
    /// <exception cref="ArgumentException">The record is shorter than a header, too long for the log, or has another zxid.</exception>
    public void AppendSerialized(long zxid, ReadOnlyMemory<byte> record)
    {
        TxnLogFrame.CheckPayload(zxid, record.Span, nameof(record));
        Enqueue(new PendingTxn(zxid, default, null, record));
    }

    private void Enqueue(PendingTxn pending)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _incoming.Add(pending);
            _appendedCount++;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Starts a new segment for the records appended from now on (records still queued may join it).</summary>
    public void RollLog()
    {
        lock (_gate) _rollRequested = true;
    }

    /// <summary>Completes once every record appended before the call has been made durable or reported failed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource completion;
        lock (_gate)
        {
            if (_processedCount >= _appendedCount) return Task.CompletedTask;
            completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add(new FlushWaiter(_appendedCount, completion));
        }
        return completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, closes the segment and stops the writer thread.</summary>
    public void Dispose()
    {
        RequestStop();
        if (Thread.CurrentThread != _thread) _thread.Join();
    }

    public async ValueTask DisposeAsync()
    {
        RequestStop();
        if (Thread.CurrentThread != _thread) await _stopped.Task.ConfigureAwait(false);
    }

    private void RequestStop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        try
        {
            while (TakeBatch())
            {
                WriteBatch(_draining);
                var count = _draining.Count;
                _draining.Clear();
                lock (_gate)
                {
                    _processedCount += count;
                    CompleteFlushWaiters();
                }
            }
        }
        finally
        {
            _segment?.Dispose();
            _segment = null;
            _frames.Dispose();
            _stopped.TrySetResult();
        }
    }

    /// <summary>Waits for records and swaps the queues; false once stopping with nothing left to write.</summary>
    private bool TakeBatch()
    {
        lock (_gate)
        {
            while (_incoming.Count == 0 && !_stopping) Monitor.Wait(_gate);
            if (_incoming.Count == 0) return false;
            (_incoming, _draining) = (_draining, _incoming);
            _rollPending |= _rollRequested;
            _rollRequested = false;
            return true;
        }
    }

    private void WriteBatch(List<PendingTxn> batch)
    {
        // Only records continuing the log can go in: anything else would leave a gap replay cannot cross.
        var chained = 0;
        var previous = _lastLoggedZxid;
        while (chained < batch.Count && ZxidSequence.Follows(previous, batch[chained].Zxid)) previous = batch[chained++].Zxid;
        Exception? rejection = chained < batch.Count
            ? new InvalidOperationException($"zxid 0x{batch[chained].Zxid:x} does not follow the last logged zxid 0x{previous:x}; the log continues only at {ZxidSequence.Expected(previous)}")
            : null;

        var written = 0;
        Exception? writeFailure = null;
        if (chained > 0)
        {
            try
            {
                written = WriteDurably(batch, chained, ref rejection);
            }
            catch (Exception e)
            {
                writeFailure = e;
                TryRepair();
            }
        }

        if (writeFailure is not null)
        {
            _failed(batch[0].Zxid, writeFailure);
            return;
        }
        if (written > 0)
        {
            _lastLoggedZxid = batch[written - 1].Zxid;
            Volatile.Write(ref _durableZxid, _lastLoggedZxid);
            _durableUpTo(_lastLoggedZxid);
        }
        if (written < batch.Count) _failed(batch[written].Zxid, rejection!);
    }

    /// <summary>Serializes, writes and fsyncs the first <paramref name="count"/> records; returns how many made it.</summary>
    private int WriteDurably(List<PendingTxn> batch, int count, ref Exception? rejection)
    {
        try
        {
            if (_segment is { NeedsRepair: true }) _segment.Repair();
            var segment = SegmentFor(batch[0].Zxid);
            var serialized = 0;
            for (; serialized < count; serialized++)
            {
                var record = batch[serialized];
                try
                {
                    if (record.Txn is null) TxnLogFrame.Write(_frames, record.Serialized.Span);
                    else TxnLogFrame.Write(_frames, record.Header, record.Txn);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A record that cannot be serialized is the caller's bug; the ones before it still go in.
                    rejection = e;
                    break;
                }
                if (_frames.WrittenCount >= WriteChunkBytes)
                {
                    segment.Append(_frames.WrittenSpan);
                    _frames.Clear();
                }
            }
            if (_frames.WrittenCount > 0) segment.Append(_frames.WrittenSpan);
            if (serialized > 0) segment.Commit();
            return serialized;
        }
        finally
        {
            _frames.Clear();
            _frames.ShrinkTo(RetainedBufferBytes);
        }
    }

    private ActiveLogSegment SegmentFor(long firstZxid)
    {
        if (_segment is not null && (_rollPending || _segment.DurableEnd >= _options.SegmentRollSize))
        {
            var full = _segment;
            _segment = null;
            full.Dispose();
        }
        if (_segment is null)
        {
            _segment = ActiveLogSegment.Create(_fileSystem, _options, firstZxid);
            _rollPending = false;
        }
        return _segment;
    }

    private void TryRepair()
    {
        try
        {
            _segment?.Repair();
        }
        catch (Exception)
        {
            // Still marked for repair: the next batch tries again before writing anything.
        }
    }

    private void CompleteFlushWaiters()
    {
        for (var i = _flushWaiters.Count - 1; i >= 0; i--)
        {
            if (_flushWaiters[i].AppendedCount > _processedCount) continue;
            _flushWaiters[i].Completion.TrySetResult();
            _flushWaiters.RemoveAt(i);
        }
    }

    /// <summary>A queued record: a header and body to serialize, or (<see cref="Txn"/> null) bytes serialized already.</summary>
    private readonly record struct PendingTxn(long Zxid, TxnHeader Header, Txn? Txn, ReadOnlyMemory<byte> Serialized);

    private sealed record FlushWaiter(long AppendedCount, TaskCompletionSource Completion);
}
