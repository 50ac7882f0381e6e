namespace ConfigCenter.Discovery;

/// <summary>The strings Spring Cloud Zookeeper (and Eureka before it) use for <see cref="InstanceStatus"/>.</summary>
public static class InstanceStatusNames
{
    /// <summary>"UP".</summary>
    public const string Up = "UP";

    /// <summary>"DOWN".</summary>
    public const string Down = "DOWN";

    /// <summary>"OUT_OF_SERVICE".</summary>
    public const string OutOfService = "OUT_OF_SERVICE";

    /// <summary>"UNKNOWN".</summary>
    public const string Unknown = "UNKNOWN";

    /// <summary>The wire string of a status.</summary>
    public static string ToName(InstanceStatus status) => status switch
    {
        InstanceStatus.Up => Up,
        InstanceStatus.Down => Down,
        InstanceStatus.OutOfService => OutOfService,
        _ => Unknown,
    };

    /// <summary>
    /// Parses a wire string, ignoring case. A missing status means UP, as Spring Cloud Zookeeper assumes;
    /// anything unrecognised is <see cref="InstanceStatus.Unknown"/>.
    /// </summary>
    public static InstanceStatus Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return InstanceStatus.Up;
        return name.Trim().ToUpperInvariant() switch
        {
            Up => InstanceStatus.Up,
            Down => InstanceStatus.Down,
            OutOfService => InstanceStatus.OutOfService,
            _ => InstanceStatus.Unknown,
        };
    }
}
