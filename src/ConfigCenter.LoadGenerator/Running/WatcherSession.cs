using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// One session of the watch fan-out: it sets a data watch on one node with getData and reports to the
/// round when the watch is set and when it fires. The runner sets the watch again once every watcher
/// has been notified, so re-arming adds no traffic to a fan-out being measured. It has at most one
/// request in flight and sends only when idle, so sends never overlap.
/// </summary>
internal sealed class WatcherSession
{
    private readonly Socket _socket;
    private readonly FrameReceiver _receiver;
    private readonly FrameBuffer _frame = new(256);
    private readonly byte[] _path;
    private readonly string _pathText;
    private readonly FanoutRound _round;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private int _nextXid;
    private volatile int _closeXid;

    private WatcherSession(Socket socket, FrameReceiver receiver, string path, FanoutRound round)
    {
        _socket = socket;
        _receiver = receiver;
        _pathText = path;
        _path = Encoding.UTF8.GetBytes(path);
        _round = round;
    }

    /// <summary>Errors and the reason the session ended early, if it did; no latencies (the round has those).</summary>
    public ConnectionStatistics Statistics { get; } = new();

    /// <summary>Opens the session and sets the first watch; the round counts it armed when the reply comes.</summary>
    public static async Task<WatcherSession> OpenAsync(ServerAddress address, string path, FanoutRound round, int sessionTimeoutMs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (socket, receiver, _) = await SessionHandshake.OpenAsync(address, sessionTimeoutMs, timeout, cancellationToken).ConfigureAwait(false);
        var session = new WatcherSession(socket, receiver, path, round);
        session._receiving = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
        await session.ArmAsync().ConfigureAwait(false);
        return session;
    }

    /// <summary>Sets the data watch (again): getData with the watch flag; the round hears when it is answered.</summary>
    public async Task ArmAsync()
    {
        try
        {
            await SendAsync(OpCode.GetData, watch: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            Fail(e.Message);
        }
    }

    /// <summary>Ends the session politely (closeSession, answered within a few seconds), then the connection.</summary>
    public async Task CloseAsync()
    {
        try
        {
            _closeXid = _nextXid + 1;
            await SendAsync(OpCode.CloseSession, watch: false).ConfigureAwait(false);
            await _closed.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or TimeoutException)
        {
            // The session expires on the server instead.
        }
        finally
        {
            _socket.Dispose();
            await _receiving.ConfigureAwait(false);
        }
    }

    /// <summary>Drops the connection without closing the session (another session failed to open).</summary>
    public void Abort() => _socket.Dispose();

    private async Task SendAsync(OpCode operation, bool watch)
    {
        _frame.Clear();
        _frame.BeginFrame();
        var writer = new JuteWriter(_frame);
        new RequestHeader(++_nextXid, operation).Write(writer);
        if (operation == OpCode.GetData) RequestBodies.WriteGetData(writer, _path, watch);
        _frame.EndFrame();
        await ZkSocket.SendAllAsync(_socket, _frame.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await _receiver.ReceiveAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var received = Stopwatch.GetTimestamp();
                while (_receiver.TryReadFrame(out var payload))
                {
                    HandleFrame(payload.Span, received);
                }
            }

            Fail("the server closed the connection");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException or JuteException)
        {
            Fail(e.Message);
        }
    }

    private void HandleFrame(ReadOnlySpan<byte> payload, long received)
    {
        var reader = new JuteReader(payload);
        var header = ReplyHeader.Read(ref reader);
        switch (header.Xid)
        {
            case Xids.Ping:
                return;
            case Xids.Notification:
                var watchedEvent = WatcherEvent.Read(ref reader);
                if (watchedEvent.Type != EventType.NodeDataChanged || watchedEvent.Path != _pathText)
                    throw new InvalidDataException($"unexpected notification {watchedEvent}");
                _round.Notified(received);
                return;
        }

        if (header.Xid == _closeXid)
        {
            _closed.TrySetResult();
            return;
        }

        if (header.Xid != _nextXid) throw new InvalidDataException($"reply xid {header.Xid} does not answer request xid {_nextXid}");
        if (header.Err != ErrorCode.Ok)
        {
            Statistics.RecordReply(header.Err, received, received, new MeasurementWindow());
            throw new InvalidDataException($"getData {_pathText} with a watch failed: {header.Err}");
        }

        _round.Armed();
    }

    private void Fail(string reason)
    {
        if (_closed.Task.IsCompleted) return;
        Statistics.RecordConnectionLost(reason, pendingRequests: 0);
        _round.Fail(new IOException($"a watcher's session ended: {reason}"));
    }
}
