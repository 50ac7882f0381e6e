namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>Settings of a <see cref="LeaderSelector"/>.</summary>
public sealed class LeaderSelectorOptions : LeaderElectionOptions
{
    /// <summary>
    /// Queue again for leadership each time leadership ends (the callback returned, failed or was cancelled),
    /// as Curator's autoRequeue. Without it, call <see cref="LeaderSelector.Requeue"/>.
    /// </summary>
    public bool AutoRequeue { get; set; }
}
