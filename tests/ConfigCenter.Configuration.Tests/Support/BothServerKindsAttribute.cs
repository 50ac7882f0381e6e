using System.Reflection;
using ConfigCenter.Testing.Servers;
using Xunit.Sdk;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>Runs a [Theory] against Apache ZooKeeper (the reference) and against ConfigCenter with the same assertions.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BothServerKindsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [ServerKind.ApacheZooKeeper],
        [ServerKind.ConfigCenter],
    ];
}
