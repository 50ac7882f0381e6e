namespace ConfigCenter.Discovery;

/// <summary>The feature instance attached to each endpoint.</summary>
internal sealed class ZkServiceInstanceFeature(ZkServiceInstance instance) : IZkServiceInstanceFeature
{
    public ZkServiceInstance Instance { get; } = instance;
}
