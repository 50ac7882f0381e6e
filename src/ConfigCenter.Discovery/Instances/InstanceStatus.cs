namespace ConfigCenter.Discovery;

/// <summary>
/// Whether an instance should receive traffic. Written to the registry as Spring Cloud Zookeeper's
/// <c>payload.metadata.instance_status</c> ("UP", "DOWN", "OUT_OF_SERVICE").
/// </summary>
public enum InstanceStatus
{
    /// <summary>Serving: load balancers route to it. Also assumed when a node carries no status (Spring's rule).</summary>
    Up,

    /// <summary>Registered but unhealthy: not routed to.</summary>
    Down,

    /// <summary>Taken out of rotation on purpose (drain before a deploy): not routed to.</summary>
    OutOfService,

    /// <summary>A status string this library does not know: not routed to.</summary>
    Unknown,
}
