using System.Text.Json;
using System.Text.Json.Serialization;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>Writes and reads a comparison's results file: one <see cref="CompareRun"/> line, then the result lines.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CompareRun))]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class CompareJsonContext : JsonSerializerContext
{
    public static string ToLine(CompareRun run) => JsonSerializer.Serialize(run, Default.CompareRun);

    public static string ToLine(RunResult result) => JsonSerializer.Serialize(result, Default.RunResult);

    /// <summary>Reads a results file: the run's line (if there is one) and every result line, in order.</summary>
    /// <exception cref="InvalidDataException">A line is not JSON of either kind.</exception>
    public static (CompareRun? Run, IReadOnlyList<RunResult> Results) ReadFile(string path)
    {
        CompareRun? run = null;
        var results = new List<RunResult>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("record", out var record) && record.GetString() == Benchmark.CompareRun.RecordName)
                    run = document.RootElement.Deserialize(Default.CompareRun);
                else
                    results.Add(document.RootElement.Deserialize(Default.RunResult) ?? throw new InvalidDataException("null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not a result line ({e.Message})", e);
            }
        }

        return (run, results);
    }
}
