using System.Reflection;
using ConfigCenter.Testing.Servers;
using Xunit.Sdk;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>
/// Runs a [Theory] once against Apache ZooKeeper (the reference) and once against ConfigCenter,
/// with the same assertions. Extra constructor values are appended after the kind.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BothServerKindsAttribute(params object[] extraArguments) : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [ServerKind.ApacheZooKeeper, .. extraArguments],
        [ServerKind.ConfigCenter, .. extraArguments],
    ];
}
