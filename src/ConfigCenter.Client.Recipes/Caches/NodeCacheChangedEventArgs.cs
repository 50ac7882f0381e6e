namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>The new state of the node a <see cref="NodeCache"/> watches.</summary>
/// <param name="data">The node as now read, or null when it no longer exists.</param>
public sealed class NodeCacheChangedEventArgs(ChildData? data) : EventArgs
{
    /// <summary>The node as now read, or null when it no longer exists.</summary>
    public ChildData? Data { get; } = data;
}
