using System.Buffers;
using System.Diagnostics;
using ConfigCenter.Protocol.Records;
using System.Threading.Channels;
using ConfigCenter.Server.Pipeline;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Hosting;

/// <summary>
/// The I/O shell's single thread around the state machine: network events and clock ticks are
/// queued here and run one at a time, each with the time it is run at.
/// </summary>
internal sealed class CoreEventLoop
{
    // Bounds how long a busy loop holds replies back to gather them.
    private const int MaxEventsBeforeFlush = 256;

    private readonly Channel<CoreEvent> _events = Channel.CreateUnbounded<CoreEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<Action> _flushes = [];

    public CoreEventLoop(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Read only from the loop's own thread while it runs an event.</summary>
    public ServerTime Now => new(_elapsed.ElapsedMilliseconds, _time.GetUtcNow().ToUnixTimeMilliseconds());

    public void Post(Action<ZkServerCore> work) => _events.Writer.TryWrite(CoreEvent.Of(work));

    /// <summary>Queues a request frame; <paramref name="frame"/> is rented from the shared pool and handed over.</summary>
    public void PostRequest(IClientConnection connection, RequestHeader header, byte[] frame, int length) =>
        _events.Writer.TryWrite(CoreEvent.Request(connection, header, frame, length));

    public void Complete() => _events.Writer.TryComplete();

    /// <summary>
    /// From the loop's thread: runs <paramref name="flush"/> once the current batch of events is done (or
    /// after <see cref="MaxEventsBeforeFlush"/> of them), so what a batch sends to one connection
    /// leaves together, and the sends to many connections leave one after the other from here.
    /// </summary>
    public void FlushAfterBatch(Action flush) => _flushes.Add(flush);

    /// <summary>Runs after each batch of events (e.g. to start a due snapshot), on the loop's thread.</summary>
    public Action<ZkServerCore>? AfterEvents { get; set; }

    /// <summary>Runs queued events until <see cref="Complete"/>; an event that throws is a bug, logged and survived.</summary>
    public async Task RunAsync(ZkServerCore core)
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync())
        {
            var sinceFlush = 0;
            while (reader.TryRead(out var next))
            {
                try
                {
                    if (next.Work is { } work) work(core);
                    else core.OnRequest(next.Connection!, next.Header, next.Frame.AsSpan(RequestHeader.Size, next.Length - RequestHeader.Size), Now);
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "Unexpected failure while processing an event; the server keeps running");
                }
                finally
                {
                    if (next.Frame is { } frame) ArrayPool<byte>.Shared.Return(frame);
                }
                if (++sinceFlush == MaxEventsBeforeFlush)
                {
                    RunFlushes();
                    sinceFlush = 0;
                }
            }
            RunFlushes();
            AfterEvents?.Invoke(core);
            RunFlushes();
        }
    }

    private void RunFlushes()
    {
        // Indexed rather than enumerated, so the list may grow while it is walked.
        for (var i = 0; i < _flushes.Count; i++)
        {
            try
            {
                _flushes[i]();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Unexpected failure while sending to a connection; the server keeps running");
            }
        }
        _flushes.Clear();
    }
}
