namespace ConfigCenter.Discovery;

/// <summary>How the discovery cache behaves; bound by <see cref="DiscoveryServiceCollectionExtensions.AddZkDiscoveryClient"/>.</summary>
public sealed class ZkDiscoveryClientOptions
{
    /// <summary>
    /// Protection against mass disappearance (Nacos' protect threshold, Eureka's self-preservation): when a
    /// service's registered list drops below this fraction of the list being served in one step, the
    /// previous list is kept (marked <see cref="ServiceInstancesSnapshot.IsProtected"/>) and a warning is
    /// logged, because a registry or network failure that expires many sessions at once looks exactly like
    /// that. 0 disables it. Default 0.5: losing more than half at once is held.
    /// </summary>
    public double ProtectionThreshold { get; set; } = 0.5;

    /// <summary>
    /// How long a protected list is held before the smaller registry list is accepted after all (also
    /// accepted earlier as soon as the registry recovers above the threshold).
    /// </summary>
    public TimeSpan ProtectionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a first lookup of a service waits for the registry before answering with what it has (nothing).</summary>
    public TimeSpan InitialLoadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether <see cref="IDiscoveryClient.GetInstancesAsync"/> also returns instances that are not UP
    /// (Steeltoe's ShouldFilterOnlyUpInstances, inverted). Default false.
    /// </summary>
    public bool IncludeNonRoutableInstances { get; set; }

    internal void Validate()
    {
        if (ProtectionThreshold is < 0 or > 1 || double.IsNaN(ProtectionThreshold))
            throw new InvalidOperationException("ZkDiscoveryClientOptions.ProtectionThreshold is a fraction between 0 and 1.");
        if (ProtectionTimeout < TimeSpan.Zero) throw new InvalidOperationException("ZkDiscoveryClientOptions.ProtectionTimeout must not be negative.");
        if (InitialLoadTimeout < TimeSpan.Zero) throw new InvalidOperationException("ZkDiscoveryClientOptions.InitialLoadTimeout must not be negative.");
    }
}
