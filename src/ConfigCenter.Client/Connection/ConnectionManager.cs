using System.Threading.Channels;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Connection;

/// <summary>
/// Keeps one session alive over successive connections: connects to the next host whenever a
/// connection ends, presenting the same session id, password and last zxid; re-sends credentials and
/// re-registers watches on every new connection; moves the connection state and tells listeners.
/// </summary>
internal sealed class ConnectionManager
{
    private const int PasswordLength = 16;
    // Ceiling of the pause before a reconnect in the first rounds after a loss (see ReconnectJitter).
    private const int FastReconnectCeilingMs = 50;

    private readonly ZooKeeperClientOptions _options;
    private readonly SessionContext _session;
    private readonly HostProvider _hosts;
    private readonly ILogger _logger;
    private readonly Action<ConnectionStateChange> _publishStateChange;
    private readonly Channel<PendingRequest> _requests = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSession = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly List<AuthInfo> _authInfo;

    private ConnectionState _state = ConnectionState.Connecting;
    private bool _closing;
    private long _sessionId;
    private byte[] _password = new byte[PasswordLength];
    private int _negotiatedTimeoutMs;
    // Connection attempts since a server last granted the session; only the connection loop touches it.
    private int _attemptsSinceSession;
    private bool _seenReadWriteServer;
    private Task? _loop;

    public ConnectionManager(ZooKeeperClientOptions options, SessionContext session, HostProvider hosts, Action<ConnectionStateChange> publishStateChange)
    {
        _options = options;
        _session = session;
        _hosts = hosts;
        _logger = session.Logger;
        _publishStateChange = publishStateChange;
        _authInfo = [.. options.AuthInfo];
    }

    public ConnectionState State
    {
        get { lock (_gate) return _state; }
    }

    public long SessionId => Interlocked.Read(ref _sessionId);

    public byte[] SessionPassword
    {
        get { lock (_gate) return (byte[])_password.Clone(); }
    }

    public TimeSpan NegotiatedSessionTimeout => TimeSpan.FromMilliseconds(Volatile.Read(ref _negotiatedTimeoutMs));

    /// <summary>Starts the connect loop (once) and waits for the first session.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, typeof(ZooKeeperClient));
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }
        try
        {
            await _firstSession.Task.WaitAsync(_options.ConnectionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"No session with {_options.ConnectString} within {_options.ConnectionTimeout.TotalMilliseconds:0} ms; the client keeps trying.");
        }
    }

    /// <summary>
    /// Queues a request for the current (or next) connection. Requests queued while the client is
    /// Suspended wait for the reconnect; nothing already written is ever sent again.
    /// </summary>
    public Task<T> SubmitAsync<T>(PendingRequest<T> request)
    {
        lock (_gate)
        {
            if (RejectionFor(request.ClientPath) is { } rejection) request.Fail(rejection);
            else _requests.Writer.TryWrite(request);
        }
        return request.Task;
    }

    /// <summary>Adds credentials for this and every later connection, and waits for the server's verdict.</summary>
    public async Task AddAuthAsync(AuthInfo auth, CancellationToken cancellationToken)
    {
        lock (_gate) _authInfo.Add(auth);
        await SubmitAsync(AuthPacketFor(auth, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Closes the session on the server (when connected), stops the loop and tells listeners Closed.</summary>
    public async Task CloseAsync()
    {
        PendingRequest<bool>? close = null;
        lock (_gate)
        {
            if (_closing) return;
            _closing = true;
            if (_state.IsConnected())
            {
                // Queued behind whatever the application already sent, so those requests still get their replies.
                // Queued under the gate, so a connection that ends from now on finds it and fails it.
                close = new PendingRequest<bool>(OpCode.CloseSession, EmptyRequest.Instance, null, static (_, ref _) => true, null, CancellationToken.None);
                _requests.Writer.TryWrite(close);
            }
        }

        if (close is not null)
        {
            try
            {
                var closeTimeout = TimeSpan.FromMilliseconds(Math.Min(_options.ConnectionTimeout.TotalMilliseconds, 3000));
                await close.Task.WaitAsync(closeTimeout).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is KeeperException or TimeoutException)
            {
                _logger.LogDebug("Session 0x{SessionId:x} not closed cleanly: {Reason}", SessionId, exception.Message);
            }
        }

        List<PendingRequest> orphans;
        lock (_gate)
        {
            _requests.Writer.TryComplete();
            orphans = DrainQueue();
            MoveTo(ConnectionState.Closed);
        }
        foreach (var orphan in orphans) orphan.Fail(new ConnectionLossException(orphan.ClientPath, "The client was closed."));
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop) await loop.ConfigureAwait(false);
        _firstSession.TrySetException(new ObjectDisposedException(nameof(ZooKeeperClient)));
        _stop.Dispose();
    }

    private Exception? RejectionFor(string? path)
    {
        if (_closing) return new ObjectDisposedException(nameof(ZooKeeperClient), "The client is closed.");
        return _state switch
        {
            ConnectionState.AuthFailed => new AuthFailedException(path, "The server refused this client's credentials."),
            ConnectionState.Lost when !_options.RebuildSessionOnExpiry => new SessionExpiredException(path),
            _ => null,
        };
    }

    private async Task RunAsync()
    {
        var firstAttempt = true;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!firstAttempt) await Task.Delay(ReconnectJitter(), _stop.Token).ConfigureAwait(false);
                firstAttempt = false;
                if (!await RunOneConnectionAsync().ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A bug here must not end the client silently: log it and try the next connection.
                _logger.LogError(exception, "Unexpected failure in the connection loop");
            }
        }
    }

    /// <summary>Connects once and serves the connection until it ends. False when the client must stop reconnecting.</summary>
    private async Task<bool> RunOneConnectionAsync()
    {
        var host = _hosts.Next();
        _attemptsSinceSession++;
        ZooKeeperConnection connection;
        try
        {
            _logger.LogDebug("Connecting to {Host} (session 0x{SessionId:x})", host, SessionId);
            connection = await ZooKeeperConnection.OpenAsync(host, BuildConnectRequest(), ConnectTimeout(), _session, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            _logger.LogInformation("Could not open a session with {Host}: {Reason}", host, exception.Message);
            return true;
        }

        if (connection.Handshake.Timeout <= 0)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return OnSessionExpired();
        }

        var primers = BuildPrimers();
        bool closing;
        lock (_gate)
        {
            closing = _closing;
            if (!closing) AdoptSession(connection.Handshake);
        }
        if (closing)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return false;
        }
        _attemptsSinceSession = 0;
        _logger.LogInformation("Session 0x{SessionId:x} established with {Host}, timeout {Timeout} ms", SessionId, host, connection.Handshake.Timeout);
        _firstSession.TrySetResult();

        var reason = await connection.RunAsync(_requests.Reader, primers, _stop.Token).ConfigureAwait(false);
        if (connection.AuthFailed)
        {
            OnAuthFailed();
            return false;
        }
        List<PendingRequest> orphans;
        bool stopping;
        lock (_gate)
        {
            // Queued requests fail too, as ClientCnxn fails its outgoing queue: the caller decides whether to retry.
            // When closing, that includes the close request itself, which no connection will carry any more.
            orphans = DrainQueue();
            stopping = _closing || _stop.IsCancellationRequested;
            if (!stopping) MoveTo(ConnectionState.Suspended);
        }
        foreach (var orphan in orphans) orphan.Fail(new ConnectionLossException(orphan.ClientPath));
        if (stopping) return false;
        _logger.LogInformation("Connection to {Host} lost ({Reason}); reconnecting session 0x{SessionId:x}", host, reason.Message, SessionId);
        return true;
    }

    /// <summary>Takes the session the server granted (called under the gate) and announces the connection.</summary>
    private void AdoptSession(ConnectResponse handshake)
    {
        Interlocked.Exchange(ref _sessionId, handshake.SessionId);
        _password = handshake.Password;
        Volatile.Write(ref _negotiatedTimeoutMs, handshake.Timeout);
        var readOnly = handshake.ReadOnly == true;
        _seenReadWriteServer |= !readOnly;
        MoveTo(readOnly ? ConnectionState.ReadOnly : ConnectionState.Connected);
    }

    /// <summary>The server refused the session. False (stop) unless a new session is to be built.</summary>
    private bool OnSessionExpired()
    {
        _logger.LogWarning("Session 0x{SessionId:x} has expired", SessionId);
        List<PendingRequest> orphans;
        lock (_gate)
        {
            orphans = DrainQueue();
            MoveTo(ConnectionState.Lost);
            // The dead session's watches were told Expired by MoveTo; they are gone on the server.
            _session.Watches.Clear();
            if (_options.RebuildSessionOnExpiry)
            {
                Interlocked.Exchange(ref _sessionId, 0);
                _password = new byte[PasswordLength];
                _seenReadWriteServer = false;
            }
        }
        foreach (var orphan in orphans) orphan.Fail(new SessionExpiredException(orphan.ClientPath));
        if (!_options.RebuildSessionOnExpiry) _firstSession.TrySetException(new SessionExpiredException());
        return _options.RebuildSessionOnExpiry;
    }

    private void OnAuthFailed()
    {
        _logger.LogError("The server refused the credentials of session 0x{SessionId:x}", SessionId);
        List<PendingRequest> orphans;
        lock (_gate)
        {
            orphans = DrainQueue();
            MoveTo(ConnectionState.AuthFailed);
        }
        foreach (var orphan in orphans) orphan.Fail(new AuthFailedException(orphan.ClientPath));
        _firstSession.TrySetException(new AuthFailedException(message: "The server refused the credentials."));
    }

    /// <summary>Changes the state and queues the notifications; called under the gate so notifications keep the order of changes.</summary>
    private void MoveTo(ConnectionState next)
    {
        var previous = _state;
        if (previous == next) return;
        _state = next;
        // Watchers first: whoever sees the change on the state stream knows every watcher was told already.
        if (next.ToKeeperState() is { } keeperState)
        {
            var watchers = new List<IWatcher>(_session.Watches.Materialize(EventType.None, null));
            if (_options.DefaultWatcher is { } defaultWatcher) watchers.Insert(0, defaultWatcher);
            _session.Dispatcher.Post(new WatchedEvent(EventType.None, keeperState, null), watchers);
        }
        var change = new ConnectionStateChange(previous, next, SessionId);
        _session.Dispatcher.Post(() => _publishStateChange(change));
    }

    private List<PendingRequest> DrainQueue()
    {
        var drained = new List<PendingRequest>();
        while (_requests.Reader.TryRead(out var request)) drained.Add(request);
        return drained;
    }

    private ConnectRequest BuildConnectRequest()
    {
        lock (_gate)
        {
            // A session first made on a read-only server is local to it: a read-write server would not know it.
            var sessionId = _seenReadWriteServer ? _sessionId : 0;
            var password = _seenReadWriteServer ? _password : new byte[PasswordLength];
            return new ConnectRequest(0, _session.LastZxid, (int)_options.SessionTimeout.TotalMilliseconds, sessionId, password, _options.CanBeReadOnly);
        }
    }

    /// <summary>Credentials first, then the watches to restore, ahead of any application request.</summary>
    private List<PendingRequest> BuildPrimers()
    {
        var primers = new List<PendingRequest>();
        lock (_gate) primers.AddRange(_authInfo.Select(auth => AuthPacketFor(auth, CancellationToken.None)));
        if (_session.Watches.IsEmpty) return primers;
        foreach (var (opCode, body) in SetWatchesBatcher.Build(_session.Watches.Snapshot(), _session.LastZxid, _session.Chroot))
        {
            primers.Add(new PendingRequest<bool>(opCode, body, null, LogSetWatchesReply, null, CancellationToken.None, Xids.SetWatches));
        }
        return primers;
    }

    private bool LogSetWatchesReply(ErrorCode err, ref JuteReader body)
    {
        if (err != ErrorCode.Ok) _logger.LogWarning("setWatches answered {Error}", err);
        return true;
    }

    private static PendingRequest<bool> AuthPacketFor(AuthInfo auth, CancellationToken cancellationToken) =>
        new(OpCode.Auth, new AuthRequest(new AuthPacket(0, auth.Scheme, auth.Data)), null,
            static (err, ref _) => err == ErrorCode.Ok ? true : throw KeeperException.Create(err),
            null, cancellationToken, Xids.Auth);

    /// <summary>As ClientCnxn: the session timeout shared among the hosts, so one round over all fits in it.</summary>
    private TimeSpan ConnectTimeout()
    {
        var timeoutMs = Volatile.Read(ref _negotiatedTimeoutMs);
        if (timeoutMs <= 0) timeoutMs = (int)_options.SessionTimeout.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Max(timeoutMs / _hosts.Count, 100));
    }

    /// <summary>
    /// A random pause before each reconnect so many clients do not storm a server at once. The first two
    /// rounds over the servers after a session was last established go quickly: when one member dies the
    /// others serve again within milliseconds. After that the pause grows to a tenth of the session timeout.
    /// </summary>
    private TimeSpan ReconnectJitter()
    {
        var timeoutMs = Volatile.Read(ref _negotiatedTimeoutMs);
        var ceiling = _attemptsSinceSession <= 2 * _hosts.Count
            ? Math.Clamp(timeoutMs / 100, 10, FastReconnectCeilingMs)
            : Math.Clamp(timeoutMs / 10, 10, 1000);
        return TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling));
    }
}
