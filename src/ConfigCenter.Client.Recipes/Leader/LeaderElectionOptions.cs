using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>Settings shared by <see cref="LeaderLatch"/> and <see cref="LeaderSelector"/>.</summary>
public class LeaderElectionOptions
{
    /// <summary>This participant's id, stored as its node's data for others to read; a new GUID when null.</summary>
    public string? Id { get; set; }

    /// <summary>When connection trouble costs leadership; by default only a lost session does.</summary>
    public LeadershipLossPolicy LossPolicy { get; set; } = LeadershipLossPolicy.OnSessionLoss;

    /// <summary>Where to log election events; null logs nothing.</summary>
    public ILogger? Logger { get; set; }
}
