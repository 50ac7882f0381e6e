using System.Collections;
using System.Reflection;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>
/// Compares decoded messages field by field: records hold byte arrays and lists, whose generated
/// Equals compares references, so a round trip needs a deep comparison.
/// </summary>
internal static class StructuralAssert
{
    public static void Equal(object? expected, object? actual, string path = "message")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        switch (expected)
        {
            case byte[] bytes:
                var actualBytes = Assert.IsType<byte[]>(actual);
                Assert.True(bytes.AsSpan().SequenceEqual(actualBytes), $"{path}: {bytes.Length} bytes expected, {actualBytes.Length} differing bytes got");
                return;
            case string or ValueType:
                Assert.Equal(expected, actual);
                return;
            case IEnumerable items:
                // Lists may come back as another collection type (arrays); only the elements matter.
                var expectedItems = items.Cast<object?>().ToList();
                var actualItems = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Assert.True(expectedItems.Count == actualItems.Count, $"{path}: {expectedItems.Count} items expected, {actualItems.Count} got");
                for (var i = 0; i < expectedItems.Count; i++) Equal(expectedItems[i], actualItems[i], $"{path}[{i}]");
                return;
        }
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }
}
