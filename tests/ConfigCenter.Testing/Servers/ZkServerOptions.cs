namespace ConfigCenter.Testing.Servers;

/// <summary>Settings shared by both implementations; each becomes a line of the generated zoo.cfg.</summary>
public sealed record ZkServerOptions
{
    public int TickTimeMs { get; init; } = 2000;
    public int? MinSessionTimeoutMs { get; init; }
    public int? MaxSessionTimeoutMs { get; init; }

    /// <summary>TTL nodes need extendedTypesEnabled=true on Apache ZooKeeper; our server honours the same key.</summary>
    public bool ExtendedTypes { get; init; } = true;

    /// <summary>"super:base64(sha1(super:password))", written as DigestAuthenticationProvider.superDigest.</summary>
    public string? SuperDigest { get; init; }

    /// <summary>
    /// How often empty containers and expired TTL nodes are removed (ZooKeeper's default is one minute).
    /// Written to zoo.cfg as znode.container.checkIntervalMs; Apache ZooKeeper only reads it as a JVM system
    /// property, so the harness passes it there too.
    /// </summary>
    public int? ContainerCheckIntervalMs { get; init; }

    /// <summary>The data directory to use instead of a fresh one under the test's temp directory (e.g. a small tmpfs).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Further zoo.cfg lines, key to value.</summary>
    public IReadOnlyDictionary<string, string> ExtraConfig { get; init; } = new Dictionary<string, string>();
}
