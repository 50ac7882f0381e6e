namespace ConfigCenter.Discovery;

/// <summary>Chooses one instance among candidates. One strategy object serves one service; it may keep state (a counter).</summary>
public interface ILoadBalancingStrategy
{
    /// <summary>The chosen instance, or null when <paramref name="candidates"/> is empty.</summary>
    /// <param name="candidates">Routable instances not excluded for this request, ordered by instance id.</param>
    /// <param name="load">Requests in flight per instance, from this process.</param>
    ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load);
}
