namespace ConfigCenter.Consensus.Messages;

/// <summary>A message between two peers. The shell carries it; the core never sees a socket.</summary>
public abstract record ZabMessage;

/// <summary>
/// A message of one leader-learner connection. <paramref name="Connection"/> is chosen by the learner
/// when it connects and echoed by the leader, standing in for a TCP connection: a message from an
/// earlier connection (delayed or duplicated by the network) never mixes into the current one.
/// </summary>
public abstract record SessionMessage(long Epoch, long Connection) : ZabMessage;
