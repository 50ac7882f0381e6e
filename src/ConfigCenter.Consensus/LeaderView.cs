namespace ConfigCenter.Consensus;

/// <summary>A leader's learners, as monitoring reports them (ZooKeeper's zk_learners, zk_synced_followers, ...).</summary>
/// <param name="Learners">Learner connections the leader knows, in any stage.</param>
/// <param name="SyncedFollowers">Followers that acknowledged NEWLEADER: their acknowledgements count.</param>
/// <param name="SyncedObservers">Observers receiving the committed stream.</param>
/// <param name="PendingSyncs">Followers between the epoch acknowledgement and NEWLEADER's acknowledgement.</param>
public readonly record struct LeaderView(int Learners, int SyncedFollowers, int SyncedObservers, int PendingSyncs);
