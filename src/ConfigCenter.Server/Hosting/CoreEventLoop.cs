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
    private readonly Channel<CoreEvent> _events = Channel.CreateUnbounded<CoreEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

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

    /// <summary>Runs after each batch of events (e.g. to start a due snapshot), on the loop's thread.</summary>
    public Action<ZkServerCore>? AfterEvents { get; set; }

    /// <summary>Runs queued events until <see cref="Complete"/>; an event that throws is a bug, logged and survived.</summary>
    public async Task RunAsync(ZkServerCore core)
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync())
        {
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
            }
            AfterEvents?.Invoke(core);
        }
    }
}
