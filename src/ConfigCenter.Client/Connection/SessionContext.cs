using ConfigCenter.Client.Watches;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Connection;

/// <summary>What every connection of one client shares: xid counter, last zxid seen, watches, events, chroot.</summary>
internal sealed class SessionContext(WatchRegistry watches, EventDispatcher dispatcher, ChrootPath chroot, int maxPacketLength, ILogger logger)
{
    private int _xid;
    private long _lastZxid;

    public WatchRegistry Watches { get; } = watches;
    public EventDispatcher Dispatcher { get; } = dispatcher;
    public ChrootPath Chroot { get; } = chroot;
    public int MaxPacketLength { get; } = maxPacketLength;
    public ILogger Logger { get; } = logger;

    /// <summary>The highest zxid any reply carried; a reconnect presents it so no server older than what we saw can take the session.</summary>
    public long LastZxid => Interlocked.Read(ref _lastZxid);

    public void ObserveZxid(long zxid)
    {
        if (zxid > 0) Interlocked.Exchange(ref _lastZxid, zxid);
    }

    /// <summary>Positive xids for ordinary requests, wrapping before int.MaxValue as ClientCnxn does.</summary>
    public int NextXid()
    {
        while (true)
        {
            var current = Volatile.Read(ref _xid);
            var next = current >= int.MaxValue - 1 ? 1 : current + 1;
            if (Interlocked.CompareExchange(ref _xid, next, current) == current) return next;
        }
    }
}
