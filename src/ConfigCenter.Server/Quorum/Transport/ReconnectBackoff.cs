namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// How long to wait before the next connection attempt: short at first, so a restarted peer is reached
/// quickly, doubling up to a ceiling so a peer that stays down costs little. Reset once a connection has lasted.
/// </summary>
internal sealed class ReconnectBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(1);

    private TimeSpan _next = Initial;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next * 2 < Ceiling ? _next * 2 : Ceiling;
        return delay;
    }

    public void Reset() => _next = Initial;
}
