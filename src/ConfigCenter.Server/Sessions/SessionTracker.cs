using System.Buffers.Binary;
using System.Security.Cryptography;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Sessions;

/// <summary>
/// Live sessions and their deadlines. Time is an input: callers pass the current time in
/// milliseconds, so expiry is deterministic and testable without clocks.
/// </summary>
internal sealed class SessionTracker
{
    // Passwords are derived, not stored at random, so every replica and a restarted server agree on them.
    private static readonly byte[] PasswordKey = "ConfigCenter session password v1"u8.ToArray();
    private readonly Dictionary<long, Session> _sessions = [];
    private long _nextSessionId;

    /// <param name="serverId">The high byte of every session id, so ids from different servers never collide.</param>
    /// <param name="wallClockMs">Seeds the id counter, so ids differ across restarts.</param>
    public SessionTracker(long serverId, long wallClockMs)
    {
        // As ZooKeeper does: the clock in the middle bits, the server id in the top byte, never 0.
        _nextSessionId = (long)((ulong)(wallClockMs << 24) >> 8) | (serverId << 56);
        if (_nextSessionId == 0) _nextSessionId = 1;
    }

    public int Count => _sessions.Count;
    public IEnumerable<Session> All => _sessions.Values;

    public long NextSessionId() => _nextSessionId++;

    public static byte[] PasswordFor(long sessionId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, sessionId);
        return HMACSHA256.HashData(PasswordKey, id)[..16];
    }

    public Session Add(long sessionId, int timeoutMs, long nowMs)
    {
        var session = new Session(sessionId, timeoutMs, PasswordFor(sessionId)) { ExpiresAtMs = nowMs + timeoutMs };
        _sessions[sessionId] = session;
        if (sessionId >= _nextSessionId && (sessionId >> 56) == (_nextSessionId >> 56)) _nextSessionId = sessionId + 1;
        return session;
    }

    public Session? Get(long sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>Extends the deadline of a live session; false when it is unknown or closing.</summary>
    public bool Touch(long sessionId, long nowMs)
    {
        if (!_sessions.TryGetValue(sessionId, out var session) || session.Closing) return false;
        session.ExpiresAtMs = Math.Max(session.ExpiresAtMs, nowMs + session.TimeoutMs);
        return true;
    }

    public void Remove(long sessionId) => _sessions.Remove(sessionId);

    /// <summary>Follows a transaction that creates or closes a session (one replayed, or made by another server).</summary>
    public void Apply(in TxnHeader header, Txn txn, long nowMs)
    {
        switch (txn)
        {
            case CreateSessionTxn create:
                (Get(header.ClientId) ?? Add(header.ClientId, create.Timeout, nowMs)).Committed = true;
                break;
            case CloseSessionTxn:
                Remove(header.ClientId);
                break;
        }
    }

    /// <summary>Sessions whose deadline has passed and that are not already closing.</summary>
    public List<Session> Expired(long nowMs)
    {
        var expired = new List<Session>();
        foreach (var session in _sessions.Values)
            if (!session.Closing && session.ExpiresAtMs <= nowMs) expired.Add(session);
        expired.Sort((a, b) => a.Id.CompareTo(b.Id));
        return expired;
    }
}
