namespace ConfigCenter.Conformance.Tests;

/// <summary>
/// Tests that start server processes and depend on timing (session expiry) run one after another:
/// on a two-core machine, two JVMs and two scenarios at once would starve each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerProcessCollection
{
    public const string Name = "Server processes";
}
