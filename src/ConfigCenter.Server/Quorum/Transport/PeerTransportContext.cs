using System.Net;
using ConfigCenter.Consensus;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// What every connection of one transport shares: who this server is, who the other members are, the
/// frame limit, the logger, the transport's lifetime and the owner's callbacks. The callbacks are
/// shielded: an exception in the owner's code is logged and never ends a connection's loop.
/// </summary>
internal sealed class PeerTransportContext(
    PeerId self,
    IReadOnlyDictionary<PeerId, EndPoint> peers,
    int maxFrameBytes,
    ILogger logger,
    CancellationToken stopping,
    Action<PeerId, object> onMessage,
    Action<PeerId> onPeerDisconnected,
    Action<PeerId> onPeerConnected)
{
    public PeerId Self => self;
    public IReadOnlyDictionary<PeerId, EndPoint> Peers => peers;
    public int MaxFrameBytes => maxFrameBytes;
    public ILogger Logger => logger;
    public CancellationToken Stopping => stopping;

    public void Deliver(PeerId from, object message)
    {
        try
        {
            onMessage(from, message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Handling {Message} from peer {Peer} failed", message.GetType().Name, from);
        }
    }

    /// <summary>Tells the owner a connection broke; not while the transport itself is closing them.</summary>
    public void ReportDisconnected(PeerId peer) => Report(onPeerDisconnected, peer, "disconnection");

    public void ReportConnected(PeerId peer) => Report(onPeerConnected, peer, "connection");

    private void Report(Action<PeerId> callback, PeerId peer, string what)
    {
        if (stopping.IsCancellationRequested) return;
        try
        {
            callback(peer);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Handling the {What} of peer {Peer} failed", what, peer);
        }
    }
}
