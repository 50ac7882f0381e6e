namespace ConfigCenter.Discovery;

/// <summary>A service's instances, or what is known of them (stale, protected), changed.</summary>
public sealed class ServiceInstancesChangedEventArgs(ServiceInstancesSnapshot previous, ServiceInstancesSnapshot current) : EventArgs
{
    /// <summary>The snapshot before the change.</summary>
    public ServiceInstancesSnapshot Previous { get; } = previous;

    /// <summary>The snapshot now served.</summary>
    public ServiceInstancesSnapshot Current { get; } = current;

    /// <summary>The service.</summary>
    public string ServiceId => Current.ServiceId;

    /// <summary>Instances in <see cref="Current"/> that were not in <see cref="Previous"/>.</summary>
    public IReadOnlyList<ZkServiceInstance> Added =>
        [.. Current.Instances.Where(now => Previous.Instances.All(before => before.InstanceId != now.InstanceId))];

    /// <summary>Instances in <see cref="Previous"/> that are not in <see cref="Current"/>.</summary>
    public IReadOnlyList<ZkServiceInstance> Removed =>
        [.. Previous.Instances.Where(before => Current.Instances.All(now => now.InstanceId != before.InstanceId))];
}
