using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Sessions;

namespace ConfigCenter.Server.Persistence;

/// <summary>A tree and session table built from a snapshot, before any log replay.</summary>
internal sealed record RestoredState(ZkDataTree Tree, SessionTracker Sessions);
