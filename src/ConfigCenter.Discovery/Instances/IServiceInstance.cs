namespace ConfigCenter.Discovery;

/// <summary>
/// One instance of a service, shaped as Steeltoe 4's <c>Steeltoe.Common.Discovery.IServiceInstance</c>
/// (mirrored here because Steeltoe's packages are not a dependency), so code written against Steeltoe
/// ports by changing a namespace.
/// </summary>
public interface IServiceInstance
{
    /// <summary>The service's name (the Curator <c>name</c>).</summary>
    string ServiceId { get; }

    /// <summary>The instance's id, unique within the service (the Curator <c>id</c>, the znode's name).</summary>
    string InstanceId { get; }

    /// <summary>The host name or IP address to call.</summary>
    string Host { get; }

    /// <summary>The port to call: the TLS port when the instance is secure, otherwise the plain one.</summary>
    int Port { get; }

    /// <summary>True when the instance serves TLS (it registered an <c>sslPort</c>).</summary>
    bool IsSecure { get; }

    /// <summary>The instance's base address.</summary>
    Uri Uri { get; }

    /// <summary>The plain-HTTP address, when the instance has a plain port.</summary>
    Uri? NonSecureUri { get; }

    /// <summary>The HTTPS address, when the instance has a TLS port.</summary>
    Uri? SecureUri { get; }

    /// <summary>Free-form metadata (Spring's <c>payload.metadata</c>), including status, zone and weight.</summary>
    IReadOnlyDictionary<string, string?> Metadata { get; }
}
