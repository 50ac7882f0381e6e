namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>The servers' layout in a comparison: one server, or three on loopback.</summary>
internal enum ClusterShape
{
    Standalone,

    /// <summary>Three ensemble members on loopback; clients spread over them.</summary>
    Ensemble3,
}

internal static class ClusterShapes
{
    /// <summary>The name on the command line (--shape).</summary>
    public static string Name(this ClusterShape shape) => shape switch
    {
        ClusterShape.Standalone => "standalone",
        ClusterShape.Ensemble3 => "ensemble3",
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>The name in prose.</summary>
    public static string Label(this ClusterShape shape) => shape == ClusterShape.Standalone ? "standalone" : "3-server ensemble";

    /// <exception cref="FormatException">Neither standalone nor ensemble3.</exception>
    public static ClusterShape Parse(string name) => name switch
    {
        "standalone" => ClusterShape.Standalone,
        "ensemble3" => ClusterShape.Ensemble3,
        _ => throw new FormatException($"--shape {name}: standalone or ensemble3"),
    };
}
