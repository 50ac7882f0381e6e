using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Hosting;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Log;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Persistence;

/// <summary>
/// The state machine's transaction log on disk: a group-committing <see cref="TxnLogWriter"/> whose
/// reports are handed to the event loop. After a failure the writer is replaced, and reports from
/// the old one are ignored, so late news about abandoned zxids can never touch the zxids reused after it.
/// </summary>
internal sealed class DurableTransactionLog : ITransactionLog, IAsyncDisposable
{
    private readonly StorageOptions _options;
    private readonly CoreEventLoop _loop;
    private readonly ILogger _logger;
    private TxnLogWriter _writer;

    // Changed and read on the event loop's thread only.
    private int _generation;

    public DurableTransactionLog(StorageOptions options, long lastLoggedZxid, CoreEventLoop loop, ILogger logger)
    {
        _options = options;
        _loop = loop;
        _logger = logger;
        _writer = CreateWriter(lastLoggedZxid);
    }

    public void Append(in TxnHeader header, Txn txn) => _writer.Append(header, txn);

    /// <summary>Starts a new segment, so purging can drop whole segments older than a snapshot.</summary>
    public void RollLog() => _writer.RollLog();

    public void Reset(long lastDurableZxid)
    {
        _generation++;
        var failed = _writer;
        try
        {
            failed.Dispose();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Closing the failed log writer failed too");
        }
        _writer = CreateWriter(lastDurableZxid);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private TxnLogWriter CreateWriter(long lastLoggedZxid)
    {
        var generation = _generation;
        return new TxnLogWriter(
            _options,
            lastLoggedZxid,
            durableUpTo: zxid => _loop.Post(core =>
            {
                if (generation == _generation) core.OnDurable(zxid, _loop.Now);
            }),
            failed: (fromZxid, error) => _loop.Post(core =>
            {
                if (generation == _generation) core.OnLogFailed(fromZxid, error.Message, _loop.Now);
            }));
    }
}
