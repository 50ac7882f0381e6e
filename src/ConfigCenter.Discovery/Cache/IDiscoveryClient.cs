namespace ConfigCenter.Discovery;

/// <summary>
/// Looks up services, shaped as Steeltoe 4's <c>Steeltoe.Common.Discovery.IDiscoveryClient</c> (mirrored
/// here: Steeltoe's packages are not a dependency). Answers come from a watch-maintained cache, never a
/// registry round trip per call. Where Steeltoe raises <c>InstancesFetched</c> after each poll, this
/// client raises <see cref="InstancesChanged"/> whenever the registry pushes a change.
/// </summary>
public interface IDiscoveryClient
{
    /// <summary>A human-readable description of the registry.</summary>
    string Description { get; }

    /// <summary>Raised after a service's instances (or their stale/protected state) changed.</summary>
    event EventHandler<ServiceInstancesChangedEventArgs>? InstancesChanged;

    /// <summary>This application's own registration, when it registers itself; otherwise null.</summary>
    IServiceInstance? GetLocalServiceInstance();

    /// <summary>The names of the registered services.</summary>
    Task<ISet<string>> GetServiceIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>The instances of a service that may receive traffic (status UP), from the cache.</summary>
    Task<IList<IServiceInstance>> GetInstancesAsync(string serviceId, CancellationToken cancellationToken = default);

    /// <summary>Stops watching the registry.</summary>
    Task ShutdownAsync(CancellationToken cancellationToken = default);
}
