using System.Text.Json;

namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>Short accessors for the JSON the kazoo scripts report.</summary>
internal static class Json
{
    public static JsonElement At(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new KeyNotFoundException($"The script reported no \"{name}\" in {element}.");

    public static string Str(this JsonElement element, string name) =>
        element.At(name).GetString() ?? throw new InvalidOperationException($"\"{name}\" is null in {element}.");

    public static long Long(this JsonElement element, string name) => element.At(name).GetInt64();

    public static bool Bool(this JsonElement element, string name) => element.At(name).GetBoolean();

    public static bool IsNull(this JsonElement element, string name) => element.At(name).ValueKind == JsonValueKind.Null;

    public static IReadOnlyList<string> Strings(this JsonElement element, string name) =>
        [.. element.At(name).EnumerateArray().Select(item => item.GetString() ?? "")];

    public static ZnodeStat Stat(this JsonElement element, string name) => ZnodeStat.From(element.At(name));

    public static IReadOnlyList<WatchEvent> Events(this JsonElement element, string name) =>
        [.. element.At(name).EnumerateArray().Select(WatchEvent.From)];
}
