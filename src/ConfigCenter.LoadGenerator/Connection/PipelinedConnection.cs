using System.Diagnostics;
using System.Net.Sockets;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Running;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>
/// One session that keeps up to a window of requests in flight. The sender writes as many requests
/// as the window and the global limit allow into one buffer and sends them with one call; the
/// receiver matches each reply to the oldest pending xid (ZooKeeper answers in order), records its
/// latency and wakes the sender. Pings keep the session alive when it is otherwise idle.
/// </summary>
internal sealed class PipelinedConnection
{
    private readonly Socket _socket;
    private readonly FrameReceiver _receiver;
    private readonly ConnectionSettings _settings;
    private readonly TimeSpan _pingInterval;
    private readonly FrameBuffer _sendBuffer = new();
    private readonly PendingRequests _pending;
    private readonly AutoResetSignal _wake = new();
    private readonly WorkerState _worker;
    private int _nextXid;
    private volatile int _closeXid;
    private string _endReason = "the server closed the connection";
    private long _lastSendTimestamp;
    private volatile bool _pingDue;
    private volatile bool _receiverEnded;
    private volatile bool _sessionClosed;

    private PipelinedConnection(Socket socket, FrameReceiver receiver, ConnectionSettings settings, int negotiatedTimeoutMs, WorkerState worker)
    {
        _socket = socket;
        _receiver = receiver;
        _settings = settings;
        _pingInterval = TimeSpan.FromMilliseconds(Math.Max(100, negotiatedTimeoutMs / 3));
        _pending = new PendingRequests(settings.Window);
        _worker = worker;
    }

    public ConnectionStatistics Statistics { get; } = new();

    public static async Task<PipelinedConnection> OpenAsync(
        ServerAddress address, ConnectionSettings settings, WorkerState worker, CancellationToken cancellationToken)
    {
        var (socket, receiver, session) = await SessionHandshake.OpenAsync(address, settings.SessionTimeoutMs, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        return new PipelinedConnection(socket, receiver, settings, session.Timeout, worker);
    }

    /// <summary>Drops a connection that will not run (another one failed to open).</summary>
    public void Abort() => _socket.Dispose();

    /// <summary>Makes the sender look at the budget again (the run was stopped).</summary>
    public void Wake() => _wake.Set();

    /// <summary>Sends until the budget is spent or stopped, waits for the replies, closes the session.</summary>
    public async Task RunAsync(IWorkload workload, RequestBudget budget, OutstandingLimiter limiter, MeasurementWindow window, CancellationToken cancellationToken)
    {
        var receiving = Task.Run(() => ReceiveLoopAsync(limiter, window), CancellationToken.None);
        _lastSendTimestamp = Stopwatch.GetTimestamp();
        using var pinger = new Timer(_ => PingIfIdle(), null, _pingInterval, _pingInterval);
        try
        {
            await SendLoopAsync(workload, budget, limiter, cancellationToken).ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            await CloseSessionAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The receiver sees the same end and counts what was lost.
        }
        finally
        {
            _socket.Dispose();
            await receiving.ConfigureAwait(false);
            // Both loops have stopped: whatever is still pending will never be answered.
            if (!_sessionClosed)
            {
                var lost = _pending.Count;
                Statistics.RecordConnectionLost(_endReason, lost);
                limiter.Release(lost);
            }
        }
    }

    private async Task SendLoopAsync(IWorkload workload, RequestBudget budget, OutstandingLimiter limiter, CancellationToken cancellationToken)
    {
        var holdingSlot = false;
        try
        {
            while (!_receiverEnded)
            {
                _sendBuffer.Clear();
                var budgetSpent = false;
                while (_pending.Count < _pending.Capacity)
                {
                    if (!holdingSlot && !limiter.TryAcquire()) break;
                    holdingSlot = false;
                    if (!budget.TryTake(out var ticket))
                    {
                        limiter.Release(1);
                        budgetSpent = true;
                        break;
                    }

                    WriteRequest(workload, ticket);
                }

                if (_pingDue)
                {
                    _pingDue = false;
                    WriteFrame(Xids.Ping, OpCode.Ping);
                }

                if (_sendBuffer.WrittenCount > 0)
                {
                    await ZkSocket.SendAllAsync(_socket, _sendBuffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _lastSendTimestamp, Stopwatch.GetTimestamp());
                    continue;
                }

                if (budgetSpent) return;
                if (_pending.Count == 0)
                {
                    // Other connections hold every global slot: no reply of ours will come to wake us.
                    holdingSlot = await limiter.WaitAsync(_pingInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await _wake.WaitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (holdingSlot) limiter.Release(1);
        }
    }

    private void WriteRequest(IWorkload workload, long ticket)
    {
        var operation = workload.NextOperation(_worker);
        var xid = ++_nextXid;
        _sendBuffer.BeginFrame();
        var writer = new JuteWriter(_sendBuffer);
        new RequestHeader(xid, operation).Write(writer);
        workload.WriteBody(operation, ticket, _worker, writer);
        _sendBuffer.EndFrame();
        _pending.Add(new PendingRequest(xid, operation, Stopwatch.GetTimestamp()));
    }

    private void WriteFrame(int xid, OpCode operation)
    {
        _sendBuffer.BeginFrame();
        new RequestHeader(xid, operation).Write(new JuteWriter(_sendBuffer));
        _sendBuffer.EndFrame();
    }

    private void PingIfIdle()
    {
        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSendTimestamp)) < _pingInterval) return;
        _pingDue = true;
        _wake.Set();
    }

    private async Task DrainAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_settings.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (_pending.Count > 0 && !_receiverEnded)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero) return;
            try
            {
                await _wake.WaitAsync().AsTask().WaitAsync(left).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return; // The receiver counts the unanswered requests when the socket closes.
            }
        }
    }

    private async Task CloseSessionAsync()
    {
        if (_receiverEnded || _pending.Count > 0) return;
        _closeXid = ++_nextXid; // Never 0: xids start at 1, so no reply matches it before it is set.
        _sendBuffer.Clear();
        WriteFrame(_closeXid, OpCode.CloseSession);
        await ZkSocket.SendAllAsync(_socket, _sendBuffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!_sessionClosed && !_receiverEnded && !deadline.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync().AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Not answered in time: the session will expire on the server.
            }
        }
    }

    private async Task ReceiveLoopAsync(OutstandingLimiter limiter, MeasurementWindow window)
    {
        try
        {
            while (await _receiver.ReceiveAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var answered = 0;
                while (_receiver.TryReadFrame(out var payload))
                {
                    answered += HandleReply(payload.Span, window);
                }

                limiter.Release(answered);
                _wake.Set();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException or JuteException)
        {
            _endReason = e.Message;
        }
        finally
        {
            _receiverEnded = true;
            _wake.Set();
        }
    }

    /// <summary>Returns 1 when the reply answered a load request (freeing a slot), else 0.</summary>
    private int HandleReply(ReadOnlySpan<byte> payload, MeasurementWindow window)
    {
        var received = Stopwatch.GetTimestamp();
        var reader = new JuteReader(payload);
        var header = ReplyHeader.Read(ref reader);
        if (header.Xid is Xids.Notification or Xids.Ping) return 0;
        if (header.Xid == _closeXid)
        {
            _sessionClosed = true;
            return 0;
        }

        if (!_pending.TryPeekOldest(out var request) || request.Xid != header.Xid)
            throw new InvalidDataException($"reply xid {header.Xid} does not answer the oldest pending request (xid {request.Xid})");
        _pending.RemoveOldest();
        Statistics.RecordReply(header.Err, request.SentTimestamp, received, window);
        return 1;
    }
}
