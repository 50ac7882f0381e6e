using ConfigCenter.Protocol;

namespace ConfigCenter.Discovery;

/// <summary>
/// The ZooKeeper session shared by registration and discovery, and where the registry lives. Bound with
/// <see cref="DiscoveryServiceCollectionExtensions.AddZkDiscovery"/>.
/// </summary>
public sealed class ZkDiscoveryOptions
{
    /// <summary>"host1:2181,host2:2181" with an optional chroot, as for <c>ZooKeeperClientOptions.ConnectString</c>.</summary>
    public string ConnectString { get; set; } = "127.0.0.1:2181";

    /// <summary>
    /// The session timeout asked for. It bounds how long a crashed instance stays registered (its
    /// ephemeral node goes when the session expires), so keep it short; the server clamps it to its bounds.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long startup waits for the first session before going on and retrying in the background.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The registry root: instances live at <c>{BasePath}/{serviceName}/{instanceId}</c>. Spring's default is "/services".</summary>
    public string BasePath { get; set; } = "/services";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectString)) throw new InvalidOperationException("ZkDiscoveryOptions.ConnectString is required.");
        if (SessionTimeout <= TimeSpan.Zero) throw new InvalidOperationException("ZkDiscoveryOptions.SessionTimeout must be positive.");
        if (ConnectionTimeout <= TimeSpan.Zero) throw new InvalidOperationException("ZkDiscoveryOptions.ConnectionTimeout must be positive.");
        if (ZkPath.Validate(BasePath) is { } problem)
            throw new InvalidOperationException($"ZkDiscoveryOptions.BasePath \"{BasePath}\" is not a znode path: {problem}.");
    }
}
