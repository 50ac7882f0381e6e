namespace ConfigCenter.Discovery;

/// <summary>Attached to every Microsoft.Extensions.ServiceDiscovery endpoint this library produces: the instance behind it.</summary>
public interface IZkServiceInstanceFeature
{
    /// <summary>The registry instance the endpoint came from (id, zone, weight, metadata).</summary>
    ZkServiceInstance Instance { get; }
}
