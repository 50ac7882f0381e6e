namespace ConfigCenter.Server.Pipeline;

/// <summary>The settings the state machine itself needs, taken from zoo.cfg by the host.</summary>
internal sealed record CoreOptions
{
    public int TickTimeMs { get; init; } = 2000;
    public int MinSessionTimeoutMs { get; init; } = 4000;
    public int MaxSessionTimeoutMs { get; init; } = 40000;
    public bool ExtendedTypesEnabled { get; init; }

    /// <summary>"super:base64(sha1(super:password))"; a client authenticating as it bypasses every ACL.</summary>
    public string? SuperDigest { get; init; }

    /// <summary>How often empty containers and expired TTL nodes are removed (znode.container.checkIntervalMs).</summary>
    public int ContainerCheckIntervalMs { get; init; } = 60000;

    /// <summary>Ensemble: without a quorum, serve reads to clients that accept a read-only server (readonlymode.enabled).</summary>
    public bool ReadOnlyModeEnabled { get; init; }

    /// <summary>The high byte of session ids; 0 in standalone mode.</summary>
    public long ServerId { get; init; }
}
