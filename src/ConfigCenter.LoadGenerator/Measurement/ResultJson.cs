using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>Serializes results as single JSON lines, without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;

internal static class ResultJson
{
    public static string ToLine(RunResult result) => JsonSerializer.Serialize(result, ResultJsonContext.Default.RunResult);

    public static RunResult? Parse(string line) => JsonSerializer.Deserialize(line, ResultJsonContext.Default.RunResult);
}
