namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>Calls an echo instance's admin endpoints directly, at the address it registered.</summary>
public static class EchoAdmin
{
    private static readonly HttpClient Http = new() { Timeout = TestTimeouts.Event };

    public static async Task PutAsync(TestConsumer consumer, string instanceId, string path)
    {
        var snapshot = await consumer.Discovery.GetSnapshotAsync(TestConsumer.Service);
        var instance = snapshot.Instances.Single(candidate => candidate.InstanceId == instanceId);
        using var response = await Http.PutAsync(new Uri(instance.Uri, path), content: null);
        response.EnsureSuccessStatusCode();
    }

    public static Task SetStatusAsync(TestConsumer consumer, string instanceId, InstanceStatus status) =>
        PutAsync(consumer, instanceId, "/status/" + InstanceStatusNames.ToName(status));

    public static Task SetDelayAsync(TestConsumer consumer, string instanceId, int milliseconds) =>
        PutAsync(consumer, instanceId, "/delay/" + milliseconds);
}
