namespace ConfigCenter.Client.Tests.Support;

/// <summary>
/// Every test class shares the servers and runs one after another: on a two-core machine, timing
/// assertions (read timeouts, session expiry) must not compete with other tests for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "Client";
}
