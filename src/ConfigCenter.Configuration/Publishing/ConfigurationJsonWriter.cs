using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration.Publishing;

/// <summary>
/// Turns flattened configuration back into a JSON document: key segments become nested objects, a
/// section whose children are exactly 0..n-1 becomes an array, and values are strings (configuration
/// values are text). Flattening the result gives the same keys and values again.
/// </summary>
internal static class ConfigurationJsonWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(IReadOnlyDictionary<string, string?> configuration)
    {
        var tree = new Section();
        foreach (var (key, value) in configuration.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (key.Length == 0) continue;
            var section = tree;
            foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter)) section = section.Child(segment);
            section.Value = value;
            section.HasValue = true;
        }
        return (ToJson(tree, "") ?? new JsonObject()).ToJsonString(Indented);
    }

    private static JsonNode? ToJson(Section section, string key)
    {
        if (section.Children.Count == 0) return section.Value is null ? null : JsonValue.Create(section.Value);
        if (section.HasValue && section.Value is not null)
            throw new InvalidOperationException(
                $"The key '{key}' has both a value and child keys, which JSON cannot express; give the value a key of its own.");

        var names = section.Children.Keys.ToList();
        if (IsArray(names))
        {
            var array = new JsonArray();
            foreach (var index in Enumerable.Range(0, names.Count))
            {
                var name = index.ToString(CultureInfo.InvariantCulture);
                array.Add(ToJson(section.Children[name], Combine(key, name)));
            }
            return array;
        }

        var json = new JsonObject();
        foreach (var (name, child) in section.Children.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
            json[name] = ToJson(child, Combine(key, name));
        return json;
    }

    private static bool IsArray(List<string> names) =>
        names.Count > 0
        && names.All(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < names.Count
                             && index.ToString(CultureInfo.InvariantCulture) == name);

    private static string Combine(string key, string name) => key.Length == 0 ? name : key + ConfigurationPath.KeyDelimiter + name;

    private sealed class Section
    {
        public Dictionary<string, Section> Children { get; } = new(StringComparer.OrdinalIgnoreCase);
        public string? Value { get; set; }
        public bool HasValue { get; set; }

        public Section Child(string name)
        {
            if (!Children.TryGetValue(name, out var child)) Children[name] = child = new Section();
            return child;
        }
    }
}
