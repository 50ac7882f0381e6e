namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>
/// One round of the leader-failover phase: a fresh ensemble, continuous writes, kill -9 of the leader.
/// </summary>
/// <param name="UnavailableMs">From the last write acknowledged before the kill to the first acknowledged write sent after it.</param>
/// <param name="NewLeaderMs">From the kill until a surviving member answers srvr with "Mode: leader".</param>
/// <param name="FailedWrites">Writes lost with a connection, unanswered or refused meanwhile (expected: the clients move).</param>
internal sealed record FailoverRound(double UnavailableMs, double NewLeaderMs, int FailedWrites);
