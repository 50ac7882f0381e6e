using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.Hosting;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Storage;

/// <summary>
/// The ensemble's transaction log on disk: entries appended with group commit, plus the two rare,
/// synchronous rewrites Zab asks for (TRUNC and SNAP). Each rewrite replaces the writer; reports from
/// an older writer are ignored, so news about removed entries never reaches the consensus core.
/// </summary>
internal sealed class QuorumLog : IAsyncDisposable
{
    private readonly StorageOptions _options;
    private readonly CoreEventLoop _loop;
    private readonly Action<long> _durable;
    private readonly Action<long, Exception> _failed;
    private readonly ILogger _logger;
    private TxnLogWriter _writer;
    // Changed and read on the event loop's thread only.
    private int _generation;

    /// <param name="durable">Runs on the event loop: every entry up to the zxid is durable.</param>
    /// <param name="failed">Runs on the event loop: entries from the zxid on could not be written.</param>
    public QuorumLog(StorageOptions options, long lastLoggedZxid, CoreEventLoop loop, Action<long> durable, Action<long, Exception> failed, ILogger logger)
    {
        _options = options;
        _loop = loop;
        _durable = durable;
        _failed = failed;
        _logger = logger;
        _writer = CreateWriter(lastLoggedZxid);
    }

    public void Append(LogEntry entry) => _writer.AppendSerialized(entry.Zxid, entry.Data);

    /// <summary>Starts a new segment, so purging can drop whole segments older than a snapshot.</summary>
    public void RollLog() => _writer.RollLog();

    /// <summary>TRUNC: flushes what is queued, then cuts every entry after <paramref name="zxid"/>; returns how far the kept log is durable.</summary>
    public long TruncateAfter(long zxid)
    {
        var durable = StopWriter();
        LogTruncator.TruncateAfter(_options, zxid);
        _writer = CreateWriter(zxid);
        return Math.Min(durable, zxid);
    }

    /// <summary>SNAP: the snapshot image replaces the state and the whole log.</summary>
    public void InstallSnapshot(long zxid, byte[] image)
    {
        StopWriter();
        SnapshotInstaller.Install(_options, zxid, image);
        _writer = CreateWriter(zxid);
    }

    /// <summary>After a failed write: a fresh writer continuing after the last durable entry.</summary>
    public long Restart()
    {
        var durable = StopWriter();
        _writer = CreateWriter(durable);
        return durable;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private long StopWriter()
    {
        _generation++;
        try
        {
            _writer.Dispose();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Closing the log writer failed");
        }
        return _writer.DurableZxid;
    }

    private TxnLogWriter CreateWriter(long lastLoggedZxid)
    {
        var generation = _generation;
        return new TxnLogWriter(
            _options,
            lastLoggedZxid,
            durableUpTo: zxid => _loop.Post(_ =>
            {
                if (generation == _generation) _durable(zxid);
            }),
            failed: (fromZxid, error) => _loop.Post(_ =>
            {
                if (generation == _generation) _failed(fromZxid, error);
            }));
    }
}
