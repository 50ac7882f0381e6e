using System.Collections.Frozen;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// The zoo.cfg keys ConfigCenter recognises: the ones it acts on, and the ones ZooKeeper 3.8 knows but
/// ConfigCenter accepts without acting on them (so that an existing zoo.cfg loads without noise).
/// </summary>
internal static class ZooCfgKeys
{
    public const string TickTime = "tickTime";
    public const string InitLimit = "initLimit";
    public const string SyncLimit = "syncLimit";
    public const string DataDir = "dataDir";
    public const string DataLogDir = "dataLogDir";
    public const string ClientPort = "clientPort";
    public const string ClientPortAddress = "clientPortAddress";
    public const string MaxClientCnxns = "maxClientCnxns";
    public const string MinSessionTimeout = "minSessionTimeout";
    public const string MaxSessionTimeout = "maxSessionTimeout";
    public const string FourLetterWordWhitelist = "4lw.commands.whitelist";
    public const string JuteMaxBuffer = "jute.maxbuffer";
    public const string ExtendedTypesEnabled = "extendedTypesEnabled";
    public const string SuperDigest = "DigestAuthenticationProvider.superDigest";

    /// <summary>A JVM system property in ZooKeeper (ContainerManager); a zoo.cfg key here.</summary>
    public const string ContainerCheckInterval = "znode.container.checkIntervalMs";

    /// <summary>Ours: start from an older snapshot when the newest is unreadable, instead of refusing to start.</summary>
    public const string AllowSnapshotFallback = "snapshot.allowFallback";
    public const string SnapCount = "snapCount";
    public const string ForceSync = "forceSync";
    public const string PreAllocSize = "preAllocSize";
    public const string AutopurgeSnapRetainCount = "autopurge.snapRetainCount";
    public const string AutopurgePurgeInterval = "autopurge.purgeInterval";
    public const string ReadOnlyModeEnabled = "readonlymode.enabled";
    public const string GlobalOutstandingLimit = "globalOutstandingLimit";
    public const string StandaloneEnabled = "standaloneEnabled";
    public const string ElectionAlg = "electionAlg";
    public const string PeerType = "peerType";
    public const string ServerPrefix = "server.";

    /// <summary>Keys that would change the ensemble's shape in ways ConfigCenter does not implement; refused.</summary>
    public const string DynamicConfigFile = "dynamicConfigFile";
    public const string GroupPrefix = "group.";
    public const string WeightPrefix = "weight.";

    /// <summary>
    /// Known, not acted on, and parsed by ZooKeeper's QuorumPeerConfig with its strict true/false check, so a
    /// malformed value is still an error here.
    /// </summary>
    public static FrozenSet<string> IgnoredBooleans { get; } = FrozenSet.ToFrozenSet(
    [
        "localSessionsEnabled", "localSessionsUpgradingEnabled", "quorumListenOnAllIPs", "syncEnabled",
        "reconfigEnabled", "sslQuorum", "portUnification", "sslQuorumReloadCertFiles",
        "quorum.auth.enableSasl", "quorum.auth.serverRequireSasl", "quorum.auth.learnerRequireSasl",
        "jvm.pause.monitor", "multiAddress.enabled", "multiAddress.reachabilityCheckEnabled",
    ], StringComparer.Ordinal);

    /// <summary>Known, not acted on, and parsed as a Java int by QuorumPeerConfig (so a non-number is an error).</summary>
    public static FrozenSet<string> IgnoredIntegers { get; } = FrozenSet.ToFrozenSet(
    [
        "secureClientPort", "observerMasterPort", "clientPortListenBacklog", "connectToLearnerMasterLimit",
        "quorum.cnxn.threads.size", "multiAddress.reachabilityCheckTimeoutMs",
    ], StringComparer.Ordinal);

    /// <summary>Known, not acted on, and parsed as a Java long by QuorumPeerConfig.</summary>
    public static FrozenSet<string> IgnoredLongs { get; } = FrozenSet.ToFrozenSet(
    [
        "jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms", "jvm.pause.sleep.time.ms",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Other keys ZooKeeper 3.8 documents, most of them read as "zookeeper."-prefixed system properties with
    /// lenient parsing; accepted silently whatever their value.
    /// </summary>
    public static FrozenSet<string> IgnoredOther { get; } = FrozenSet.ToFrozenSet(
    [
        "secureClientPortAddress", "oraclePath", "maxCnxns", "commitLogCount", "snapSizeLimitInKb",
        "txnLogSizeLimitInKb", "fsync.warningthresholdms", "maxResponseCacheSize",
        "maxGetChildrenResponseCacheSize", "emulate353TTLNodes", "watchManagerName", "watcherCleanThreadsNum",
        "watcherCleanThreshold", "watcherCleanIntervalInSeconds", "maxInProcessingDeadWatchers",
        "bitHashCacheSize", "connectionMaxTokens", "connectionTokenFillTime", "connectionTokenFillCount",
        "connectionFreezeTime", "connectionDropIncrease", "connectionDropDecrease", "connectionDecreaseRatio",
        "serverCnxnFactory", "flushDelay", "maxWriteQueuePollTime", "maxBatchSize", "enforceQuota",
        "requestThrottleLimit", "requestThrottleStallTime", "requestThrottleDropStale",
        "requestStaleLatencyCheck", "requestStaleConnectionCheck", "advancedFlowControlEnabled",
        "enableEagerACLCheck", "maxConcurrentSnapSyncs", "maxConcurrentDiffSyncs", "digest.enabled",
        "largeRequestMaxBytes", "largeRequestThreshold", "outstandingHandshake.limit", "throttledOpWaitTime",
        "forward_learner_requests_to_commit_processor_disabled", "maxTimeToWaitForEpoch", "leaderServes",
        "cnxTimeout", "quorumCnxnTimeoutMs", "tcpKeepAlive", "clientTcpKeepAlive", "electionPortBindRetry",
        "DigestAuthenticationProvider.enabled", "DigestAuthenticationProvider.digestAlg",
        "X509AuthenticationProvider.superUser", "superUser", "ensembleAuthName",
        "sessionRequireClientSASLAuth", "authProvider", "fips-mode", "jute.maxbuffer.extrasize", "skipACL",
        "quorum.auth.learner.saslLoginContext", "quorum.auth.server.saslLoginContext",
        "quorum.auth.kerberos.servicePrincipal",
    ], StringComparer.Ordinal);

    /// <summary>Families of known keys (metrics, TLS, admin server, auth, tuning knobs); accepted silently.</summary>
    public static IReadOnlyList<string> IgnoredPrefixes { get; } =
    [
        "admin.", "audit.", "authProvider.", "client.", "commitProcessor.", "connection_throttle_",
        "enforce.auth.", "fastleader.", "follower.", "kerberos.", "leader.", "learner.", "messageTracker.",
        "metricsProvider.", "multiAddress.", "netty.", "nio.", "observer.", "request_throttler.", "snapshot.",
        "ssl.", "znode.container.",
    ];

    public static bool IsIgnored(string key) =>
        IgnoredBooleans.Contains(key) || IgnoredIntegers.Contains(key) || IgnoredLongs.Contains(key)
        || IgnoredOther.Contains(key) || IgnoredPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));
}
