namespace ConfigCenter.Server.Sessions;

/// <summary>A client session: alive while pings or requests arrive within its timeout.</summary>
internal sealed class Session(long id, int timeoutMs, byte[] password)
{
    public long Id { get; } = id;
    public int TimeoutMs { get; set; } = timeoutMs;
    public byte[] Password { get; } = password;

    /// <summary>When the session expires unless it is touched again, in the state machine's milliseconds.</summary>
    public long ExpiresAtMs { get; set; }

    /// <summary>
    /// Its createSession was applied (or it was restored from a snapshot). Until then it is only being created:
    /// a snapshot must not hold it, or a restart or a SNAP would revive a session the ensemble may never commit.
    /// </summary>
    public bool Committed { get; set; }

    /// <summary>Set once a close or expiry has been prepared; the session takes no more requests.</summary>
    public bool Closing { get; set; }
}
