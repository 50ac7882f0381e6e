using System.Globalization;

namespace ConfigCenter.Discovery;

/// <summary>
/// A service instance as stored in the registry (one Curator ServiceInstance znode), with the fields
/// load balancers use (status, zone, weight) read from its metadata. Immutable.
/// </summary>
public sealed class ZkServiceInstance : IServiceInstance
{
    private static readonly IReadOnlyDictionary<string, string?> NoMetadata = new Dictionary<string, string?>();

    /// <summary>Creates an instance description; at least one of the two ports must be set.</summary>
    /// <param name="serviceId">The service name.</param>
    /// <param name="instanceId">The instance id (the znode's name).</param>
    /// <param name="host">The address to call.</param>
    /// <param name="httpPort">The plain-HTTP port (Curator <c>port</c>), or null.</param>
    /// <param name="httpsPort">The TLS port (Curator <c>sslPort</c>), or null.</param>
    /// <param name="metadata">Spring's <c>payload.metadata</c>, including status, zone and weight keys.</param>
    /// <param name="registrationTime">When the instance registered.</param>
    /// <param name="uriSpec">A Curator uriSpec template such as "{scheme}://{address}:{port}", or null for the default.</param>
    /// <param name="enabled">Curator's non-compatible <c>enabled</c> flag; false takes the instance out of rotation.</param>
    public ZkServiceInstance(
        string serviceId, string instanceId, string host, int? httpPort, int? httpsPort,
        IReadOnlyDictionary<string, string?>? metadata = null, DateTimeOffset? registrationTime = null,
        string? uriSpec = null, bool enabled = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (httpPort is null && httpsPort is null)
            throw new ArgumentException("An instance needs a port, an sslPort or both (Curator's rule).", nameof(httpPort));
        ServiceId = serviceId;
        InstanceId = instanceId;
        Host = host;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
        Metadata = metadata is null ? NoMetadata : new Dictionary<string, string?>(metadata, StringComparer.Ordinal);
        RegistrationTime = registrationTime ?? DateTimeOffset.UnixEpoch;
        UriSpec = uriSpec;
        IsEnabled = enabled;

        Metadata.TryGetValue(MetadataKeys.InstanceStatus, out var status);
        Status = enabled ? InstanceStatusNames.Parse(status) : InstanceStatus.OutOfService;
        Zone = Metadata.TryGetValue(MetadataKeys.Zone, out var zone) && !string.IsNullOrWhiteSpace(zone) ? zone : null;
        Weight = Metadata.TryGetValue(MetadataKeys.Weight, out var weight)
                 && int.TryParse(weight, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
            ? parsed
            : 1;

        NonSecureUri = httpPort is { } plain ? BaseUri("http", host, plain) : null;
        SecureUri = httpsPort is { } tls ? BaseUri("https", host, tls) : null;
        Uri = BuildUri() ?? SecureUri ?? NonSecureUri!;
    }

    /// <inheritdoc/>
    public string ServiceId { get; }

    /// <inheritdoc/>
    public string InstanceId { get; }

    /// <inheritdoc/>
    public string Host { get; }

    /// <summary>The plain-HTTP port (Curator <c>port</c>), or null.</summary>
    public int? HttpPort { get; }

    /// <summary>The TLS port (Curator <c>sslPort</c>), or null.</summary>
    public int? HttpsPort { get; }

    /// <inheritdoc/>
    public int Port => HttpsPort ?? HttpPort!.Value;

    /// <inheritdoc/>
    /// <remarks>As Spring Cloud Zookeeper decides: an instance with an <c>sslPort</c> is secure.</remarks>
    public bool IsSecure => HttpsPort is not null;

    /// <summary>"https" for a secure instance, otherwise "http".</summary>
    public string Scheme => IsSecure ? "https" : "http";

    /// <inheritdoc/>
    public Uri Uri { get; }

    /// <inheritdoc/>
    public Uri? NonSecureUri { get; }

    /// <inheritdoc/>
    public Uri? SecureUri { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string?> Metadata { get; }

    /// <summary>From <c>metadata.instance_status</c> (UP when absent); OUT_OF_SERVICE when Curator's <c>enabled</c> is false.</summary>
    public InstanceStatus Status { get; }

    /// <summary>From <c>metadata.zone</c>, or null.</summary>
    public string? Zone { get; }

    /// <summary>From <c>metadata.weight</c>; 1 when absent or not a non-negative integer. 0 receives no weighted traffic.</summary>
    public int Weight { get; }

    /// <summary>Curator's <c>registrationTimeUTC</c>.</summary>
    public DateTimeOffset RegistrationTime { get; }

    /// <summary>The Curator uriSpec template, or null when the default "{scheme}://{address}:{port}" applies.</summary>
    public string? UriSpec { get; }

    /// <summary>Curator's <c>enabled</c> flag (only written by Curator's non-compatible serializer); true when absent.</summary>
    public bool IsEnabled { get; }

    /// <summary>True when load balancers may send it traffic: status UP.</summary>
    public bool IsRoutable => Status == InstanceStatus.Up;

    /// <summary>A copy with another status, the metadata updated to match.</summary>
    public ZkServiceInstance WithStatus(InstanceStatus status)
    {
        var metadata = new Dictionary<string, string?>(Metadata, StringComparer.Ordinal)
        {
            [MetadataKeys.InstanceStatus] = InstanceStatusNames.ToName(status),
        };
        return new ZkServiceInstance(ServiceId, InstanceId, Host, HttpPort, HttpsPort, metadata, RegistrationTime, UriSpec, enabled: true);
    }

    /// <summary>True when both describe the same registration (every field and metadata entry equal).</summary>
    public bool HasSameContent(ZkServiceInstance other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ServiceId == other.ServiceId && InstanceId == other.InstanceId && Host == other.Host
               && HttpPort == other.HttpPort && HttpsPort == other.HttpsPort && RegistrationTime == other.RegistrationTime
               && UriSpec == other.UriSpec && IsEnabled == other.IsEnabled && Metadata.Count == other.Metadata.Count
               && Metadata.All(entry => other.Metadata.TryGetValue(entry.Key, out var value) && value == entry.Value);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ServiceId}/{InstanceId} {Uri} {InstanceStatusNames.ToName(Status)}";

    private Uri? BuildUri()
    {
        if (UriSpec is null) return null;
        var text = CuratorUriSpec.Parse(UriSpec).Build(this);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    private static Uri BaseUri(string scheme, string host, int port) => new UriBuilder(scheme, host, port).Uri;
}
