using System.Text;
using ConfigCenter.Configuration.Mapping;
using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration.Tests.Mapping;

/// <summary>Node JSON is flattened exactly as Microsoft.Extensions.Configuration.Json flattens a file.</summary>
public sealed class JsonFlatteningTests
{
    public static TheoryData<string> Documents => new()
    {
        """{"a": "x", "b": {"c": 1, "d": [true, false, null]}, "e": [], "f": {}, "g": 1.50, "h": null}""",
        """{"Logging": {"LogLevel": {"Default": "Information"}}, "Servers": [{"Host": "a", "Port": 1}, {"Host": "b"}]}""",
        """{ /* comment */ "a": [1, 2, ], "nested": [[1, 2], [3]], "unicode": "h\u00e9llo" }""",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Objects_flatten_like_the_json_provider(string json)
    {
        // The JSON provider's own data: every key it holds, with its value (null included).
        var provider = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build().Providers.Single();
        var expected = AllKeys(provider, null).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(key => provider.TryGet(key, out var value) ? (Key: key, Found: true, Value: value) : (key, false, null))
            .Where(entry => entry.Found)
            .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.OrdinalIgnoreCase);

        var actual = JsonConfigurationFlattener.Flatten(json, "").ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);

        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase), actual.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> AllKeys(IConfigurationProvider provider, string? parent)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : ConfigurationPath.Combine(parent, child);
            yield return key;
            foreach (var below in AllKeys(provider, key)) yield return below;
        }
    }

    [Fact]
    public void Keys_go_under_the_node_key_and_a_top_level_array_is_allowed()
    {
        Assert.Equal(
            [new("Db:Hosts:0", "a"), new("Db:Hosts:1", "b")],
            JsonConfigurationFlattener.Flatten("""{"Hosts": ["a", "b"]}""", "Db"));
        Assert.Equal([new("List:0", "1"), new("List:1", "2")], JsonConfigurationFlattener.Flatten("[1, 2]", "List"));
    }

    [Theory]
    [InlineData("{\"a\": 1, \"A\": 2}", "duplicate key")]
    [InlineData("{\"a\": ", "Invalid JSON")]
    [InlineData("\"text\"", "top-level")]
    public void Bad_documents_are_format_errors(string json, string expectedMessage)
    {
        var exception = Assert.Throws<FormatException>(() => JsonConfigurationFlattener.Flatten(json, ""));
        Assert.Contains(expectedMessage, exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Node_data_is_a_string_json_or_an_error()
    {
        Assert.Equal([new("Db:Timeout", "30")], NodeValueParser.Parse("Db:Timeout", "30"u8).Entries);
        Assert.Equal([new("Db:Timeout", "30")], NodeValueParser.Parse("Db", " {\"Timeout\": 30}"u8).Entries);
        Assert.Empty(NodeValueParser.Parse("Db", []).Entries);
        Assert.Null(NodeValueParser.Parse("Db", []).Error);
        Assert.NotNull(NodeValueParser.Parse("Db", "{broken"u8).Error);
        Assert.NotNull(NodeValueParser.Parse("Db", [0xC3, 0x28]).Error);
        Assert.NotNull(NodeValueParser.Parse("", "plain"u8).Error);
    }
}
