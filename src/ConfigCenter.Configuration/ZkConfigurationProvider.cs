using ConfigCenter.Configuration.Cache;
using ConfigCenter.Configuration.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Configuration;

/// <summary>
/// Configuration from a ZooKeeper subtree, kept up to date by watches (see <see cref="ZkConfigurationSource"/>
/// and docs/configuration.md for the mapping rules).
/// </summary>
/// <remarks>
/// Every applied change is a whole new dictionary swapped in at once and followed by one reload
/// notification, raised on the provider's own sync loop. IOptionsMonitor rebinds inside that
/// notification, before the next swap can happen, so its OnChange callbacks and CurrentValue always see
/// a consistent cut. Separate IConfiguration reads (and IOptionsSnapshot binding) are atomic per key only.
/// </remarks>
public sealed class ZkConfigurationProvider : ConfigurationProvider, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    private readonly ZkConfigurationOptions _options;
    private readonly ILogger _logger;
    private readonly LastGoodConfigurationCache? _cache;
    private readonly object _publishGate = new();
    private ZkSubtreeSynchronizer? _synchronizer;
    private bool _publishedFromEnsemble;

    /// <summary>Creates a provider; nothing connects until <see cref="Load"/>.</summary>
    public ZkConfigurationProvider(ZkConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ZkConfigurationProvider>();
        if (options.CacheFilePath is { Length: > 0 } cachePath) _cache = new LastGoodConfigurationCache(cachePath, _logger);
    }

    /// <summary>
    /// The first call connects, waits up to <see cref="ZkConfigurationOptions.StartupTimeout"/> for a
    /// consistent snapshot, and otherwise starts from the cache file (or empty when optional, or throws
    /// <see cref="ZkConfigurationUnavailableException"/>); later calls only ask for a background re-read.
    /// </summary>
    public override void Load()
    {
        if (_synchronizer is { } running)
        {
            running.RequestResync();
            return;
        }

        var synchronizer = new ZkSubtreeSynchronizer(_options, Apply, _logger);
        _synchronizer = synchronizer;
        synchronizer.Start();
        Exception? failure = null;
        try
        {
            if (synchronizer.FirstSync.Wait(_options.StartupTimeout)) return;
        }
        catch (AggregateException exception)
        {
            failure = exception.InnerException;
        }
        StartWithoutEnsemble(synchronizer, failure);
    }

    /// <summary>Closes the session and stops following changes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _synchronizer, null) is { } synchronizer) await synchronizer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the session (waiting a bounded time), for hosts that dispose synchronously.</summary>
    public void Dispose()
    {
        if (!DisposeAsync().AsTask().Wait(DisposeTimeout))
            _logger.LogWarning("Closing the ZooKeeper session of {Root} took longer than {Timeout}", _options.Root, DisposeTimeout);
    }

    /// <summary>The provider's ZooKeeper client while it runs, for tests that act on its session.</summary>
    internal Client.ZooKeeperClient? ClientForTests => _synchronizer?.Client;

    /// <inheritdoc />
    public override string ToString() => $"{nameof(ZkConfigurationProvider)} for {_options.Root} on {_options.ConnectString}";

    private void StartWithoutEnsemble(ZkSubtreeSynchronizer synchronizer, Exception? failure)
    {
        var reason = failure is null
            ? $"no consistent read within {_options.StartupTimeout.TotalSeconds:0.###} s"
            : failure.Message;
        var cached = _cache?.TryLoad(_options.Root);
        lock (_publishGate)
        {
            if (_publishedFromEnsemble) return; // the ensemble answered just after the timeout
            if (cached is not null)
            {
                Data = cached.Values;
                _logger.LogWarning(
                    "ZooKeeper '{ConnectString}' unavailable ({Reason}); starting {Root} from the cache file {CacheFile} saved at {SavedAt:O}, and catching up once connected",
                    _options.ConnectString, reason, _options.Root, _cache!.FilePath, cached.SavedAtUtc);
                return;
            }
            if (_options.Optional)
            {
                _logger.LogWarning("ZooKeeper '{ConnectString}' unavailable ({Reason}); optional configuration at {Root} starts empty",
                    _options.ConnectString, reason, _options.Root);
                return;
            }
        }

        _synchronizer = null;
        synchronizer.DisposeAsync().AsTask().Wait(DisposeTimeout);
        var cacheNote = _cache is null ? "no cache file is configured" : $"the cache file {_cache.FilePath} does not exist or is unusable";
        throw new ZkConfigurationUnavailableException(_options.ConnectString, _options.Root, $"{reason}, and {cacheNote}.", failure);
    }

    // Runs on the synchronizer's loop with each consistent snapshot that differs from the previous one.
    private void Apply(Dictionary<string, string?> configuration)
    {
        lock (_publishGate)
        {
            _publishedFromEnsemble = true;
            Data = configuration;
        }
        OnReload();
        _cache?.Save(new CachedConfiguration(_options.Root, _options.ConnectString, DateTimeOffset.UtcNow, configuration));
    }
}
