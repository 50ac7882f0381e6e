namespace ConfigCenter.Discovery;

/// <summary>How the Microsoft.Extensions.ServiceDiscovery provider turns registry instances into endpoints.</summary>
public sealed class ZkServiceEndpointOptions
{
    /// <summary>
    /// Offer only instances of this zone while it has any UP, else every zone. Microsoft.Extensions.ServiceDiscovery
    /// round-robins over what it is given, so zone preference has to be applied here.
    /// </summary>
    public string? PreferredZone { get; set; }

    /// <summary>Which service names the registry answers for; null answers for every name.</summary>
    public Func<string, bool>? ServiceNameFilter { get; set; }
}
