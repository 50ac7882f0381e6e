namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>
/// Every recipe test class shares one server of each kind and runs one after another: on a two-core
/// machine, session-expiry timings must not compete with other tests for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RecipeCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "Recipes";
}
