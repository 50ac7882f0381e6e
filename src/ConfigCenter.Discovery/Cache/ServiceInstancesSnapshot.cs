namespace ConfigCenter.Discovery;

/// <summary>What a consumer knows of one service at one moment. Immutable; a change publishes a new one.</summary>
public sealed class ServiceInstancesSnapshot
{
    internal ServiceInstancesSnapshot(
        string serviceId, IReadOnlyList<ZkServiceInstance> instances, int registeredCount, bool isStale, bool isProtected,
        bool isInitialized, long version, DateTimeOffset syncedAt)
    {
        ServiceId = serviceId;
        Instances = instances;
        RoutableInstances = [.. instances.Where(instance => instance.IsRoutable)];
        RegisteredCount = registeredCount;
        IsStale = isStale;
        IsProtected = isProtected;
        IsInitialized = isInitialized;
        Version = version;
        SyncedAt = syncedAt;
    }

    /// <summary>The service.</summary>
    public string ServiceId { get; }

    /// <summary>Every instance served, whatever its status, ordered by instance id.</summary>
    public IReadOnlyList<ZkServiceInstance> Instances { get; }

    /// <summary>The instances load balancers may use: status UP.</summary>
    public IReadOnlyList<ZkServiceInstance> RoutableInstances { get; }

    /// <summary>How many instances the registry itself holds (fewer than <see cref="Instances"/> while protected).</summary>
    public int RegisteredCount { get; }

    /// <summary>
    /// True when this is the last known list rather than a live one: the client lost its connection or
    /// session and has not re-read the registry since.
    /// </summary>
    public bool IsStale { get; }

    /// <summary>
    /// True when the registry shrank below <see cref="ZkDiscoveryClientOptions.ProtectionThreshold"/> of the
    /// served list in one go and the previous list is kept instead (see the option).
    /// </summary>
    public bool IsProtected { get; }

    /// <summary>False until the registry was read once.</summary>
    public bool IsInitialized { get; }

    /// <summary>Grows by one with every published change.</summary>
    public long Version { get; }

    /// <summary>When the registry was last read successfully.</summary>
    public DateTimeOffset SyncedAt { get; }

    internal static ServiceInstancesSnapshot Empty(string serviceId) =>
        new(serviceId, [], 0, isStale: true, isProtected: false, isInitialized: false, version: 0, DateTimeOffset.MinValue);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{ServiceId} v{Version}: {RoutableInstances.Count}/{Instances.Count} routable"
        + (IsStale ? ", stale" : "") + (IsProtected ? $", protected (registry has {RegisteredCount})" : "");
}
