using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>
/// An application's view of a ZooKeeper configuration source: the IConfigurationRoot, a service provider
/// with options bound to it, and a count of reloads. Disposing it closes the provider's session.
/// </summary>
public sealed class ConfigurationUnderTest : IAsyncDisposable
{
    private readonly IDisposable _reloadSubscription;
    private int _reloads;

    private ConfigurationUnderTest(IConfigurationRoot root, ServiceProvider services)
    {
        Root = root;
        Services = services;
        _reloadSubscription = ChangeToken.OnChange(root.GetReloadToken, () => Interlocked.Increment(ref _reloads));
    }

    public IConfigurationRoot Root { get; }

    public ServiceProvider Services { get; }

    public RecordingLoggerFactory Logs { get; private set; } = new();

    /// <summary>How many times the configuration signalled a reload.</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    public string? this[string key] => Root[key];

    public static ConfigurationUnderTest Build(string connectString, string root, Action<ZkConfigurationOptions>? configure = null)
    {
        var logs = new RecordingLoggerFactory();
        var configuration = new ConfigurationBuilder()
            .AddZkConfiguration(connectString, root, options =>
            {
                options.ReloadDelay = TimeSpan.FromMilliseconds(50);
                options.StartupTimeout = TimeSpan.FromSeconds(10);
                options.SessionTimeout = TimeSpan.FromSeconds(6);
                options.LoggerFactory = logs;
                configure?.Invoke(options);
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .Configure<PairOptions>(configuration.GetSection("Pair"))
            .BuildServiceProvider();
        return new ConfigurationUnderTest(configuration, services) { Logs = logs };
    }

    public IOptionsMonitor<PairOptions> PairMonitor => Services.GetRequiredService<IOptionsMonitor<PairOptions>>();

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking at every reload; no polling.</summary>
    public async Task WaitUntilAsync(Func<IConfiguration, bool> condition, string description)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        while (true)
        {
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (Root.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null))
            {
                if (condition(Root)) return;
                try
                {
                    await reloaded.Task.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException(
                        $"Configuration never reached: {description}. It holds: {string.Join(", ", Root.AsEnumerable().Select(p => $"{p.Key}={p.Value}"))}\n"
                        + string.Join("\n", Logs.Entries));
                }
            }
        }
    }

    public Task WaitForValueAsync(string key, string? value) =>
        WaitUntilAsync(configuration => configuration[key] == value, $"{key} = {value ?? "(absent)"}");

    public async ValueTask DisposeAsync()
    {
        _reloadSubscription.Dispose();
        await Services.DisposeAsync();
        foreach (var provider in Root.Providers.OfType<IAsyncDisposable>()) await provider.DisposeAsync();
    }
}

/// <summary>Two values that publishers always change together in one multi.</summary>
public sealed class PairOptions
{
    public string? A { get; set; }
    public string? B { get; set; }
}
