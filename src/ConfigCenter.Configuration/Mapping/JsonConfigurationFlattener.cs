using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration.Mapping;

/// <summary>
/// Flattens a JSON document into configuration keys exactly as Microsoft.Extensions.Configuration.Json
/// does in .NET 10 (comments skipped, trailing commas allowed, object members and array indexes as key
/// segments, scalars as <see cref="JsonElement.ToString"/> so true is "True", JSON null and an empty object as
/// a null value, an empty array as "", duplicate keys an error), except that the top level may also be an
/// array and every key is put under a prefix. A test compares it with the JSON provider.
/// </summary>
public static class JsonConfigurationFlattener
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>True when the text is meant as JSON: its first non-blank character opens an object or an array.</summary>
    public static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
    }

    /// <summary>
    /// The key/value pairs of <paramref name="json"/> under <paramref name="prefix"/> ("" for none).
    /// Throws <see cref="FormatException"/> for invalid JSON, a scalar top level or duplicate keys.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Flatten(string json, string prefix)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Invalid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                throw new FormatException($"The top-level JSON element must be an object or an array, not {document.RootElement.ValueKind}.");
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var entries = new List<KeyValuePair<string, string?>>();
            Visit(document.RootElement, prefix, data, entries);
            return entries;
        }
    }

    private static void Visit(JsonElement element, string path, Dictionary<string, string?> seen, List<KeyValuePair<string, string?>> entries)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var anyMember = false;
                foreach (var member in element.EnumerateObject())
                {
                    anyMember = true;
                    Visit(member.Value, Combine(path, member.Name), seen, entries);
                }
                if (!anyMember) SetEmpty(path, null, seen, entries);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, Combine(path, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen, entries);
                    index++;
                }
                if (index == 0) SetEmpty(path, "", seen, entries);
                break;
            default:
                var value = element.ValueKind == JsonValueKind.Null ? null : element.ToString();
                if (!seen.TryAdd(path, value))
                    throw new FormatException($"A duplicate key '{path}' was found.");
                entries.Add(new(path, value));
                break;
        }
    }

    // An empty object or array still makes its key exist, as the JSON provider does.
    private static void SetEmpty(string path, string? value, Dictionary<string, string?> seen, List<KeyValuePair<string, string?>> entries)
    {
        if (path.Length == 0) return;
        seen[path] = value;
        entries.Add(new(path, value));
    }

    private static string Combine(string prefix, string segment) =>
        prefix.Length == 0 ? segment : prefix + ConfigurationPath.KeyDelimiter + segment;
}
