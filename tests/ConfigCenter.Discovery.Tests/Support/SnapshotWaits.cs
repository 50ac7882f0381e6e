namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>Awaits a discovery client's view of a service through its change events: no polling, no sleeps.</summary>
public static class SnapshotWaits
{
    public static async Task<ServiceInstancesSnapshot> WaitForAsync(
        ZkDiscoveryClient discovery, string service, Func<ServiceInstancesSnapshot, bool> condition, string description, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource<ServiceInstancesSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, ServiceInstancesChangedEventArgs change)
        {
            if (change.ServiceId == service && condition(change.Current)) reached.TrySetResult(change.Current);
        }

        discovery.InstancesChanged += OnChanged;
        try
        {
            // Subscribed first, then checked: a change in between is seen by one or the other.
            var current = discovery.GetCachedSnapshot(service);
            if (condition(current)) return current;
            return await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{service}: not {description} within {timeout.TotalSeconds:0.#} s; last seen {Describe(discovery.GetCachedSnapshot(service))}");
        }
        finally
        {
            discovery.InstancesChanged -= OnChanged;
        }
    }

    public static string Describe(ServiceInstancesSnapshot snapshot) =>
        $"{snapshot} [{string.Join(", ", snapshot.Instances.Select(instance => $"{instance.InstanceId}:{InstanceStatusNames.ToName(instance.Status)}"))}]";
}
