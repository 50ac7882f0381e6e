using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>One request awaiting its reply: which xid, which operation, and when it was sent.</summary>
internal readonly record struct PendingRequest(int Xid, OpCode Operation, long SentTimestamp);

/// <summary>
/// The requests of one connection awaiting replies, oldest first. ZooKeeper answers a connection's
/// requests in order, so a reply must match the oldest xid. Single producer (the sender) and single
/// consumer (the receiver); fixed capacity, so nothing is allocated per request.
/// </summary>
internal sealed class PendingRequests(int capacity)
{
    private readonly PendingRequest[] _slots = new PendingRequest[capacity];
    private long _added;
    private long _removed;

    public int Capacity => _slots.Length;

    public int Count => (int)(Volatile.Read(ref _added) - Volatile.Read(ref _removed));

    /// <summary>Called by the sender before the request's bytes go out, so the reply always finds it.</summary>
    public void Add(in PendingRequest request)
    {
        var added = _added;
        if (added - Volatile.Read(ref _removed) >= _slots.Length) throw new InvalidOperationException("more requests pending than the window allows");
        _slots[added % _slots.Length] = request;
        Volatile.Write(ref _added, added + 1);
    }

    public bool TryPeekOldest(out PendingRequest request)
    {
        var removed = _removed;
        if (Volatile.Read(ref _added) == removed)
        {
            request = default;
            return false;
        }

        request = _slots[removed % _slots.Length];
        return true;
    }

    public void RemoveOldest() => Volatile.Write(ref _removed, _removed + 1);
}
