namespace ConfigCenter.Discovery;

/// <summary>
/// Keys of <c>payload.metadata</c> this library reads and writes. They are the keys Spring Cloud uses,
/// so Spring consumers see the same status, zone and weight: Spring Cloud Zookeeper's
/// <c>StatusConstants.INSTANCE_STATUS_KEY</c>, and the <c>zone</c> and <c>weight</c> metadata that
/// Spring Cloud LoadBalancer's zone-preference and weighted suppliers read.
/// </summary>
public static class MetadataKeys
{
    /// <summary>"instance_status": UP, DOWN or OUT_OF_SERVICE.</summary>
    public const string InstanceStatus = "instance_status";

    /// <summary>"zone": the availability zone the instance runs in.</summary>
    public const string Zone = "zone";

    /// <summary>"weight": a positive integer, the instance's relative share under weighted load balancing.</summary>
    public const string Weight = "weight";
}
