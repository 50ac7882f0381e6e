namespace ConfigCenter.Discovery;

/// <summary>Chooses one instance among candidates. One strategy object serves one service; it may keep state (a counter).</summary>
public interface ILoadBalancingStrategy
{
    /// <summary>The chosen instance, or null when <paramref name="candidates"/> is empty.</summary>
    /// <param name="candidates">Routable instances not excluded for this request, ordered by instance id.</param>
    /// <param name="load">Requests in flight per instance, from this process.</param>
    ZkServiceInstance? Choose(IReadOnlyList<ZkServiceInstance> candidates, IInstanceLoad load);
}

/// <summary>What a strategy may know of the instances' load.</summary>
public interface IInstanceLoad
{
    /// <summary>Requests this process has sent to the instance that have not completed.</summary>
    int OutstandingRequests(string instanceId);
}
