using System.Reflection;
using ConfigCenter.Testing.Servers;
using Xunit.Sdk;

namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>Runs a [Theory] against Apache ZooKeeper (the reference) and against ConfigCenter.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothServerKindsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [ServerKind.ApacheZooKeeper],
        [ServerKind.ConfigCenter],
    ];
}
