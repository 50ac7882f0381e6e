using System.Text.Json;
using System.Text.Json.Serialization;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The whole benchmark as one JSON document: where it ran, how, and every figure.</summary>
internal sealed record DurabilitySummary(
    string Benchmark,
    DateTimeOffset FinishedAt,
    MachineInfo Machine,
    DurabilitySummarySettings Settings,
    IReadOnlyList<ServerFigures> Servers,
    IReadOnlyDictionary<string, double> Ratios);

/// <summary>The settings that shape the figures, as recorded in the summary.</summary>
internal sealed record DurabilitySummarySettings(
    int TickTimeMs, int SnapCount, int Connections, int Outstanding, int DataSize,
    double WriteWarmupSeconds, double WriteSeconds, long FillCount, string ZooKeeperHeap, string ZooKeeperCommand, string ConfigCenterCommand)
{
    public static DurabilitySummarySettings From(DurabilitySettings settings)
    {
        var installation = settings.Setup.Installation;
        return new(settings.Setup.TickTimeMs, settings.Setup.SnapCount, settings.Connections, settings.Outstanding, settings.DataSize,
            settings.WriteWarmup.TotalSeconds, settings.WriteDuration.TotalSeconds, settings.FillCount, settings.Setup.Installation.ZooKeeperHeap,
            installation.CommandLine(BenchServerKind.ZooKeeper, "zoo.cfg"), installation.CommandLine(BenchServerKind.ConfigCenter, "zoo.cfg"));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DurabilitySummary))]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class DurabilityJsonContext : JsonSerializerContext
{
    public static string ToLine(DurabilitySummary summary) => JsonSerializer.Serialize(summary, Default.DurabilitySummary);
}
