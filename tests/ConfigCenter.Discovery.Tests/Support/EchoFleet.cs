using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>Several echo processes registered under one test's base path, plus an observer consumer that saw them all come up.</summary>
public sealed class EchoFleet : IAsyncDisposable
{
    private readonly string _workDirectory;
    private readonly Dictionary<string, EchoProcess> _processes = new(StringComparer.Ordinal);

    private EchoFleet(IZkServerUnderTest server, string basePath, string workDirectory)
    {
        Server = server;
        BasePath = basePath;
        _workDirectory = workDirectory;
    }

    public IZkServerUnderTest Server { get; }

    public string BasePath { get; }

    public IReadOnlyDictionary<string, EchoProcess> Processes => _processes;

    public EchoProcess this[string instanceId] => _processes[instanceId];

    public static async Task<EchoFleet> StartAsync(IZkServerUnderTest server, string name, params EchoSettings[] instances)
    {
        var basePath = Registries.NewBasePath(name);
        var workDirectory = Path.Combine(Path.GetTempPath(), "configcenter-tests", "discovery", basePath.Trim('/'));
        Directory.CreateDirectory(workDirectory);
        var fleet = new EchoFleet(server, basePath, workDirectory);
        try
        {
            foreach (var settings in instances) fleet._processes[settings.InstanceId] = EchoProcess.Start(server.ConnectString, basePath, settings, workDirectory);
            // The processes start cold, all at once: on a loaded machine that takes far longer than an event.
            await using var observer = fleet.CreateConsumer();
            await fleet.WaitUntilRegisteredAsync(observer, TestTimeouts.ProcessRun, instances.Select(settings => settings.InstanceId).ToArray());
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    public TestConsumer CreateConsumer(Action<ZkLoadBalancerOptions>? loadBalancing = null, Action<ZkDiscoveryClientOptions>? discovery = null,
        CapturedLogs? logs = null) =>
        TestConsumer.Create(Server.ConnectString, BasePath, loadBalancing, discovery, logs: logs);

    public Task WaitUntilRegisteredAsync(TestConsumer consumer, params string[] instanceIds) =>
        WaitUntilRegisteredAsync(consumer, TestTimeouts.Event, instanceIds);

    public async Task WaitUntilRegisteredAsync(TestConsumer consumer, TimeSpan timeout, params string[] instanceIds)
    {
        try
        {
            await consumer.WaitForRoutableAsync(timeout, instanceIds);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException(exception.Message + "\n" + DescribeLogs(), exception);
        }
    }

    public string DescribeLogs() =>
        string.Join("\n", _processes.Values.Select(process => $"--- {process.InstanceId} (exited: {process.HasExited}) ---\n{process.ReadLogTail()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values) await process.DisposeAsync();
        try
        {
            if (Environment.GetEnvironmentVariable("CONFIGCENTER_KEEP_TEST_DIRS") != "1") Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process still flushing its log: a leftover temp directory is harmless.
        }
    }
}
