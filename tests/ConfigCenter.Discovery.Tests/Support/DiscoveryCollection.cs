namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>
/// Every test class shares the servers and runs one after another: on a two-core machine the timing
/// assertions (session expiry, removal within 1 s) must not compete with other tests for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DiscoveryCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "Discovery";
}
