namespace ConfigCenter.Discovery;

/// <summary>How the running application registers itself; bound by <see cref="DiscoveryServiceCollectionExtensions.AddZkServiceRegistration"/>.</summary>
public sealed class ZkRegistrationOptions
{
    /// <summary>The service name (Curator <c>name</c>, Spring's <c>spring.application.name</c>). Required.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>The instance id, the znode's name; a random UUID when null, as Curator does.</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// The address consumers call. When null: the host of <see cref="AddressResolver"/>'s answer unless it
    /// is a wildcard, otherwise the machine's first non-loopback IPv4 address, otherwise its host name.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>The port consumers call; 0 takes it from <see cref="AddressResolver"/>.</summary>
    public int Port { get; set; }

    /// <summary>"http" or "https"; null takes it from <see cref="AddressResolver"/>, else "http". HTTPS registers the port as Curator's <c>sslPort</c>.</summary>
    public string? Scheme { get; set; }

    /// <summary>Extra metadata, written to <c>payload.metadata</c> next to status, zone and weight.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Relative share of traffic under weighted load balancing (<c>metadata.weight</c>); 0 takes none.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>The zone the instance runs in (<c>metadata.zone</c>), for zone-preferring consumers; null for none.</summary>
    public string? Zone { get; set; }

    /// <summary>The status registered at startup; change it later with <see cref="IServiceRegistrar.SetStatusAsync"/>.</summary>
    public InstanceStatus InitialStatus { get; set; } = InstanceStatus.Up;

    /// <summary>
    /// How long the instance keeps serving after it has left the registry on shutdown, so that consumers
    /// see it gone before the server stops accepting requests. Zero skips the wait.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for the deregistration itself (a ZooKeeper delete).</summary>
    public TimeSpan DeregistrationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the application listens, asked when it registers (after the host started, so a server bound
    /// to port 0 already knows its port). ASP.NET Core apps read <c>IServerAddressesFeature</c> here.
    /// </summary>
    public Func<IServiceProvider, Uri?>? AddressResolver { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName)) throw new InvalidOperationException("ZkRegistrationOptions.ServiceName is required.");
        if (Weight < 0) throw new InvalidOperationException("ZkRegistrationOptions.Weight must not be negative.");
        if (Port is < 0 or > 65535) throw new InvalidOperationException("ZkRegistrationOptions.Port is not a port.");
        if (Scheme is not (null or "http" or "https")) throw new InvalidOperationException("ZkRegistrationOptions.Scheme is http or https.");
        if (DrainDelay < TimeSpan.Zero) throw new InvalidOperationException("ZkRegistrationOptions.DrainDelay must not be negative.");
    }
}
