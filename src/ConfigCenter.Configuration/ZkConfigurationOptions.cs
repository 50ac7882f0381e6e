using ConfigCenter.Client;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration;

/// <summary>Settings of a ZooKeeper configuration source (<see cref="ZkConfigurationExtensions.AddZkConfiguration(Microsoft.Extensions.Configuration.IConfigurationBuilder, string, string, Action{ZkConfigurationOptions}?)"/>).</summary>
public sealed class ZkConfigurationOptions
{
    /// <summary>"zk1:2181,zk2:2181", optionally with a chroot suffix, as for <see cref="ZooKeeperClientOptions.ConnectString"/>.</summary>
    public string ConnectString { get; set; } = "";

    /// <summary>The znode whose subtree becomes the configuration, e.g. "/config/orders".</summary>
    public string Root { get; set; } = "";

    /// <summary>
    /// When true, an unreachable ensemble with no cache file starts the application with no values from
    /// this source (and a warning) instead of failing. Default false: fail fast.
    /// </summary>
    public bool Optional { get; set; }

    /// <summary>
    /// Keep a session open and apply changes as they are published (default). When false, one
    /// consistent snapshot is loaded and the session is closed.
    /// </summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>
    /// Debounce: a reload waits until no change was notified for this long, so a burst of writes
    /// becomes one reload. Zero reloads as soon as a change is seen.
    /// </summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest a reload is put off by a burst that never pauses; null means 8 × <see cref="ReloadDelay"/>.</summary>
    public TimeSpan? MaxReloadDelay { get; set; }

    /// <summary>How long the first load waits for the ensemble before falling back to the cache file (or failing).</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the last good configuration is kept (written atomically after every applied change, readable
    /// only by the owner). Used at startup when the ensemble cannot be reached. Null: no cache.
    /// </summary>
    public string? CacheFilePath { get; set; }

    /// <summary>The session timeout asked of the server.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Credentials sent on every connect, e.g. <c>AuthInfo.Digest("app", "secret")</c>.</summary>
    public IList<AuthInfo> AuthInfo { get; } = new List<AuthInfo>();

    /// <summary>Where the source logs (warnings on fallback, errors on bad data); null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal TimeSpan EffectiveMaxReloadDelay => MaxReloadDelay ?? ReloadDelay * 8;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectString))
            throw new ArgumentException("A connect string (\"host:port,...\") is required.", nameof(ConnectString));
        Mapping.ZnodeKeyMapper.ValidateRoot(Root);
        if (ReloadDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ReloadDelay), ReloadDelay, "The reload delay cannot be negative.");
        if (EffectiveMaxReloadDelay < ReloadDelay)
            throw new ArgumentOutOfRangeException(nameof(MaxReloadDelay), MaxReloadDelay, "The longest reload delay cannot be shorter than ReloadDelay.");
        if (StartupTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(StartupTimeout), StartupTimeout, "The startup timeout must be positive.");
        if (SessionTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(SessionTimeout), SessionTimeout, "The session timeout must be positive.");
    }
}
