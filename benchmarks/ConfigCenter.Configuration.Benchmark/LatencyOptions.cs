namespace ConfigCenter.Configuration.Benchmark;

/// <summary>The one value the benchmark publishes and the application binds.</summary>
public sealed class LatencyOptions
{
    public string? Value { get; set; }
}
