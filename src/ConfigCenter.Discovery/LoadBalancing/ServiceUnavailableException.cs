using System.Net;

namespace ConfigCenter.Discovery;

/// <summary>No instance of the service can take the request (none registered, none UP, or all tried).</summary>
public sealed class ServiceUnavailableException(string serviceId, string message)
    : HttpRequestException(message, null, HttpStatusCode.ServiceUnavailable)
{
    /// <summary>The service that had no instance.</summary>
    public string ServiceId { get; } = serviceId;
}
