namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The servers a benchmark compares.</summary>
internal enum BenchServerKind
{
    /// <summary>ConfigCenter.Server, run with dotnet.</summary>
    ConfigCenter,

    /// <summary>Apache ZooKeeper 3.8 from Debian's package, run with java.</summary>
    ZooKeeper,
}

internal static class BenchServerKinds
{
    public static string Label(this BenchServerKind kind) => kind switch
    {
        BenchServerKind.ConfigCenter => "configcenter",
        BenchServerKind.ZooKeeper => "zookeeper",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static BenchServerKind Parse(string label) => label.ToLowerInvariant() switch
    {
        "configcenter" or "ours" => BenchServerKind.ConfigCenter,
        "zookeeper" or "zk" => BenchServerKind.ZooKeeper,
        _ => throw new FormatException($"unknown server \"{label}\"; configcenter or zookeeper"),
    };

    /// <summary>Where each server keeps its log and snapshot files under dataDir.</summary>
    public static string StorageDirectory(this BenchServerKind kind, string dataDir) =>
        kind == BenchServerKind.ZooKeeper ? Path.Combine(dataDir, "version-2") : dataDir;
}
