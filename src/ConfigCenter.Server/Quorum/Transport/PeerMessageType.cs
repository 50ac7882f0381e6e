namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>The first byte of every message payload. The numbers are the wire format: never renumber.</summary>
internal enum PeerMessageType : byte
{
    // Zab (ConfigCenter.Consensus.Messages)
    Notification = 1,
    FollowerInfo = 2,
    NewEpoch = 3,
    AckEpoch = 4,
    Sync = 5,
    AckNewLeader = 6,
    UpToDate = 7,
    Proposal = 8,
    Ack = 9,
    Commit = 10,
    Inform = 11,
    Ping = 12,
    PingAck = 13,

    // Outside Zab (ConfigCenter.Server.Quorum.Messages)
    ForwardedRequest = 32,
    SessionTouches = 33,
    SyncReached = 34,
}
