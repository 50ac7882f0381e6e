namespace ConfigCenter.Discovery.Tests.Instances;

/// <summary>
/// ServiceInstance JSON as Curator and Spring Cloud Zookeeper write it, from the research notes
/// (shared/research/config-discovery-anchors.md §2.1), byte for byte.
/// </summary>
public static class GoldenSamples
{
    /// <summary>Spring Cloud Zookeeper's registration of "orders" (compat serializer: no "enabled").</summary>
    public const string SpringOrders = """{"name":"orders","id":"ef010ed8-4b29-4a6f-aaad-f65d463c733b","address":"10.0.0.12","port":8080,"sslPort":null,"payload":{"@class":"org.springframework.cloud.zookeeper.discovery.ZookeeperInstance","id":"orders-1","name":"orders","metadata":{"instance_status":"UP"}},"registrationTimeUTC":1645081869763,"serviceType":"DYNAMIC","uriSpec":{"parts":[{"value":"scheme","variable":true},{"value":"://","variable":false},{"value":"address","variable":true},{"value":":","variable":false},{"value":"port","variable":true}]}}""";

    /// <summary>The same instance as our registrar writes it (payload id = instance id), for an exact byte comparison.</summary>
    public const string OursOrders = """{"name":"orders","id":"ef010ed8-4b29-4a6f-aaad-f65d463c733b","address":"10.0.0.12","port":8080,"sslPort":null,"payload":{"@class":"org.springframework.cloud.zookeeper.discovery.ZookeeperInstance","id":"ef010ed8-4b29-4a6f-aaad-f65d463c733b","name":"orders","metadata":{"instance_status":"UP"}},"registrationTimeUTC":1645081869763,"serviceType":"DYNAMIC","uriSpec":{"parts":[{"value":"scheme","variable":true},{"value":"://","variable":false},{"value":"address","variable":true},{"value":":","variable":false},{"value":"port","variable":true}]}}""";

    /// <summary>Curator's non-compatible serializer (CURATOR-275) with a plain (non-Spring) payload, "enabled" and a field from the future.</summary>
    public const string CuratorNonCompatDisabled = """{"name":"billing","id":"b-7","address":"billing.internal","port":null,"sslPort":8443,"payload":"opaque","registrationTimeUTC":1700000000000,"serviceType":"DYNAMIC","uriSpec":null,"enabled":false,"futureField":{"x":1}}""";
}
