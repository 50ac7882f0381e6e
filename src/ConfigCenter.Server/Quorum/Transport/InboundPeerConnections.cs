using ConfigCenter.Consensus;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// The connections other servers opened to this one: at most one current connection per peer (a newer
/// one replaces the older, which is closed: the peer restarted or lost its side), and every running
/// connection, so that closing the transport can close them all and wait for their loops.
/// </summary>
internal sealed class InboundPeerConnections(PeerTransportContext context)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<PeerId, InboundPeerConnection> _current = [];
    private readonly HashSet<InboundPeerConnection> _running = [];
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closing;

    /// <summary>Runs the connection's receive loop in the background until it ends.</summary>
    public void Run(InboundPeerConnection connection)
    {
        lock (_lock)
        {
            if (_closing) connection.Close(replaced: false);
            _running.Add(connection);
        }
        _ = RunTrackedAsync(connection);
    }

    /// <summary>Makes <paramref name="connection"/> the one <paramref name="peer"/> is heard on, closing the one it replaces.</summary>
    public void Adopt(PeerId peer, InboundPeerConnection connection)
    {
        InboundPeerConnection? older;
        lock (_lock)
        {
            _current.TryGetValue(peer, out older);
            _current[peer] = connection;
        }
        if (older is null) return;
        context.Logger.LogInformation("Peer {Peer} opened a new connection from {RemoteEndPoint}; closing its older one from {OlderEndPoint}",
            peer, connection.RemoteEndPoint, older.RemoteEndPoint);
        older.Close(replaced: true);
    }

    /// <summary>Forgets a connection that ended; true when it was its peer's current one, so the peer is now disconnected.</summary>
    public bool Release(PeerId peer, InboundPeerConnection connection)
    {
        lock (_lock)
        {
            if (!_current.TryGetValue(peer, out var current) || current != connection) return false;
            _current.Remove(peer);
            return true;
        }
    }

    /// <summary>Closes every connection and completes when all their loops have ended.</summary>
    public Task CloseAllAsync()
    {
        lock (_lock)
        {
            _closing = true;
            foreach (var connection in _running) connection.Close(replaced: false);
            if (_running.Count == 0) _allEnded.TrySetResult();
        }
        return _allEnded.Task;
    }

    private async Task RunTrackedAsync(InboundPeerConnection connection)
    {
        try
        {
            await connection.RunAsync();
        }
        catch (Exception e)
        {
            context.Logger.LogError(e, "Peer connection from {RemoteEndPoint} failed unexpectedly", connection.RemoteEndPoint);
        }
        finally
        {
            lock (_lock)
            {
                _running.Remove(connection);
                if (_closing && _running.Count == 0) _allEnded.TrySetResult();
            }
        }
    }
}
