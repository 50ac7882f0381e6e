using System.Diagnostics.CodeAnalysis;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// The server's settings, with ZooKeeper 3.8's zoo.cfg meaning. Immutable: build one with
/// <see cref="ZooCfgParser"/> or <see cref="Default"/> and derive variants with <c>with</c>.
/// Every default below is what ZooKeeper uses when the key is missing from a zoo.cfg.
/// Sets and lists compare by reference in record equality.
/// </summary>
public sealed record ServerConfig
{
    /// <summary>ZooKeeperServer.DEFAULT_TICK_TIME: the tick when a zoo.cfg has no tickTime line.</summary>
    public const int DefaultTickTimeMs = 3000;

    /// <summary>The tick of ZooKeeper's zoo_sample.cfg, used by <see cref="Default"/>.</summary>
    public const int SampleTickTimeMs = 2000;

    public const int DefaultClientPort = 2181;

    /// <summary>Where <see cref="Default"/> listens: loopback only, since no one chose to expose the server.</summary>
    public const string DefaultClientPortAddress = "127.0.0.1";

    /// <summary>The data directory <see cref="Default"/> uses, relative to the working directory.</summary>
    public const string DefaultDataDirName = "data";

    public const int DefaultMaxClientCnxns = 60;

    /// <summary>BinaryInputArchive's default jute.maxbuffer: 0xfffff, one byte short of 1 MiB.</summary>
    public const int DefaultJuteMaxBuffer = 0xfffff;

    public const int DefaultSnapCount = 100_000;

    /// <summary>ZooKeeper raises a smaller snapCount to 2 (SyncRequestProcessor halves it for its randomisation).</summary>
    public const int MinSnapCount = 2;

    public const long DefaultPreAllocSizeKb = 65_536;

    public const int DefaultGlobalOutstandingLimit = 1000;

    /// <summary>ZooKeeper's purge never keeps fewer snapshots; smaller settings are raised to it.</summary>
    public const int MinAutopurgeSnapRetainCount = 3;

    private readonly string? _dataLogDir;
    private readonly int _minSessionTimeoutMs = -1;
    private readonly int _maxSessionTimeoutMs = -1;

    /// <summary><c>tickTime</c>: the basic time unit, in milliseconds. Default <see cref="DefaultTickTimeMs"/>.</summary>
    public int TickTimeMs { get; init; } = DefaultTickTimeMs;

    /// <summary><c>initLimit</c>: ticks a follower may take to connect and sync to the leader. Required (non-zero) in a quorum.</summary>
    public int InitLimit { get; init; }

    /// <summary><c>syncLimit</c>: ticks a follower may lag behind the leader. Required (non-zero) in a quorum.</summary>
    public int SyncLimit { get; init; }

    /// <summary><c>dataDir</c>: snapshots and the myid file. Absolute; a relative setting is resolved against the working directory, as the JVM does.</summary>
    public required string DataDir { get; init; }

    /// <summary><c>dataLogDir</c>: the transaction log. Follows <see cref="DataDir"/> while unset (null).</summary>
    [AllowNull]
    public string DataLogDir
    {
        get => _dataLogDir ?? DataDir;
        init => _dataLogDir = value;
    }

    /// <summary>
    /// <c>clientPort</c>, or the client port of this server's own server.N line. Null when neither is given:
    /// ZooKeeper then opens no plain client listener.
    /// </summary>
    public int? ClientPort { get; init; }

    /// <summary><c>clientPortAddress</c>. Null means not configured: ZooKeeper binds every interface; the host decides.</summary>
    public string? ClientPortAddress { get; init; }

    /// <summary><c>maxClientCnxns</c>: concurrent connections per client IP address; 0 means unlimited. Default 60.</summary>
    public int MaxClientCnxns { get; init; } = DefaultMaxClientCnxns;

    /// <summary><c>minSessionTimeout</c> in ms. Setting -1 (or leaving it unset) means 2 × <see cref="TickTimeMs"/>.</summary>
    public int MinSessionTimeoutMs
    {
        get => _minSessionTimeoutMs == -1 ? 2 * TickTimeMs : _minSessionTimeoutMs;
        init => _minSessionTimeoutMs = value;
    }

    /// <summary><c>maxSessionTimeout</c> in ms. Setting -1 (or leaving it unset) means 20 × <see cref="TickTimeMs"/>.</summary>
    public int MaxSessionTimeoutMs
    {
        get => _maxSessionTimeoutMs == -1 ? 20 * TickTimeMs : _maxSessionTimeoutMs;
        init => _maxSessionTimeoutMs = value;
    }

    /// <summary>
    /// <c>4lw.commands.whitelist</c>, expanded: the four letter words the server answers. Default only srvr;
    /// the parser always adds srvr, and isro when read-only mode is on. See <see cref="FourLetterWords"/>.
    /// </summary>
    public IReadOnlySet<string> FourLetterWordWhitelist { get; init; } = FourLetterWords.DefaultWhitelist;

    /// <summary><c>jute.maxbuffer</c>: the largest packet or znode payload, in bytes. Default 0xfffff.</summary>
    public int JuteMaxBuffer { get; init; } = DefaultJuteMaxBuffer;

    /// <summary><c>extendedTypesEnabled</c>: allows TTL nodes. Default false.</summary>
    public bool ExtendedTypesEnabled { get; init; }

    /// <summary><c>DigestAuthenticationProvider.superDigest</c>: "super:base64(sha1(super:password))", or null for no super user.</summary>
    public string? SuperDigest { get; init; }

    /// <summary>
    /// <c>snapshot.allowFallback</c>: when the newest snapshot is unreadable, start from an older one and
    /// the log after it, instead of refusing to start. Off by default: damage needs a person's decision.
    /// </summary>
    public bool AllowSnapshotFallback { get; init; }

    /// <summary><c>znode.container.checkIntervalMs</c>: how often empty containers and expired TTL nodes are removed. Default 60000, as ZooKeeper's.</summary>
    public int ContainerCheckIntervalMs { get; init; } = 60000;

    /// <summary>The settings as the conf command lists them, key=value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Describe() =>
    [
        new("clientPort", (ClientPort ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("secureClientPort", "-1"),
        new("dataDir", DataDir),
        new("dataLogDir", DataLogDir),
        new("tickTime", TickTimeMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("maxClientCnxns", MaxClientCnxns.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("minSessionTimeout", MinSessionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("maxSessionTimeout", MaxSessionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("clientPortListenBacklog", "-1"),
        new("serverId", (MyId ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary><c>snapCount</c>: transactions between snapshots. Default 100000; at least <see cref="MinSnapCount"/>.</summary>
    public int SnapCount { get; init; } = DefaultSnapCount;

    /// <summary><c>forceSync</c> (yes/no): fsync the transaction log before acknowledging. Default true.</summary>
    public bool ForceSync { get; init; } = true;

    /// <summary><c>preAllocSize</c>: transaction log preallocation block, in KiB. Default 65536 (64 MiB).</summary>
    public long PreAllocSizeKb { get; init; } = DefaultPreAllocSizeKb;

    /// <summary><c>autopurge.snapRetainCount</c>: snapshots kept by the purge task. Default and minimum 3.</summary>
    public int AutopurgeSnapRetainCount { get; init; } = MinAutopurgeSnapRetainCount;

    /// <summary><c>autopurge.purgeInterval</c>: hours between purges; 0 (the default) disables purging.</summary>
    public int AutopurgePurgeIntervalHours { get; init; }

    /// <summary><c>readonlymode.enabled</c>: keep serving reads to read-only clients when partitioned. Default false.</summary>
    public bool ReadOnlyModeEnabled { get; init; }

    /// <summary><c>globalOutstandingLimit</c>: queued requests before the server throttles clients. Default 1000.</summary>
    public int GlobalOutstandingLimit { get; init; } = DefaultGlobalOutstandingLimit;

    /// <summary><c>standaloneEnabled</c>: whether a single participant line still means standalone. Default true.</summary>
    public bool StandaloneEnabled { get; init; } = true;

    /// <summary>The server.N lines, ordered by id. Empty for a standalone configuration.</summary>
    public IReadOnlyList<QuorumServerSpec> Servers { get; init; } = [];

    /// <summary>This server's id from dataDir/myid; read only when there are server lines, otherwise null.</summary>
    public long? MyId { get; init; }

    /// <summary>
    /// True when the server must run as a quorum member (ZooKeeper's isDistributed): more than one participant,
    /// or any participant with standalone mode disabled. With a single participant line and standalone mode
    /// enabled, ZooKeeper ignores the server lines and runs standalone.
    /// </summary>
    public bool IsDistributed
    {
        get
        {
            var participants = Servers.Count(server => server.Role == PeerRole.Participant);
            return participants > 1 || (!StandaloneEnabled && participants > 0);
        }
    }

    /// <summary>Whether the server answers the four letter word: whitelisted, srvr, or isro in read-only mode.</summary>
    public bool IsFourLetterWordEnabled(string word) =>
        word == FourLetterWords.AlwaysEnabled
        || (word == FourLetterWords.ReadOnlyProbe && ReadOnlyModeEnabled)
        || FourLetterWordWhitelist.Contains(word);

    /// <summary>
    /// The configuration for running without a zoo.cfg: clients on 127.0.0.1:2181, tickTime 2000 (the sample
    /// zoo.cfg's value), and every other setting at ZooKeeper's default. <paramref name="dataDir"/> defaults to
    /// "data" under the current working directory; a relative value is resolved against it.
    /// </summary>
    public static ServerConfig Default(string? dataDir = null) => new()
    {
        TickTimeMs = SampleTickTimeMs,
        DataDir = Path.GetFullPath(dataDir ?? DefaultDataDirName),
        ClientPort = DefaultClientPort,
        ClientPortAddress = DefaultClientPortAddress,
    };
}
