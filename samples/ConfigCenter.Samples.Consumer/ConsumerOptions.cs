using ConfigCenter.Discovery;

namespace ConfigCenter.Samples.Consumer;

/// <summary>What the consumer calls and how (section "Consumer").</summary>
public sealed class ConsumerOptions
{
    /// <summary>The service name to call: requests go to http://{Service}/.</summary>
    public string Service { get; set; } = "echo";

    /// <summary>How many requests to send; 0 sends until stopped.</summary>
    public int Requests { get; set; } = 20;

    /// <summary>Pause between requests.</summary>
    public int IntervalMs { get; set; }

    /// <summary>"LoadBalancer": our handler (any policy, retries on another instance); "ServiceDiscovery": Microsoft.Extensions.ServiceDiscovery.</summary>
    public string Mode { get; set; } = "LoadBalancer";

    /// <summary>The policy in LoadBalancer mode.</summary>
    public LoadBalancingPolicy Policy { get; set; } = LoadBalancingPolicy.RoundRobin;

    /// <summary>Prefer instances of this zone.</summary>
    public string? Zone { get; set; }

    /// <summary>Seed of the random policies.</summary>
    public int? Seed { get; set; }
}
