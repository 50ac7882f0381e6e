namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>
/// Every class runs one after another on the shared servers: on two cores, timing-sensitive tests
/// (debounce, expiry) must not compete for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConfigurationCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "Configuration";
}
