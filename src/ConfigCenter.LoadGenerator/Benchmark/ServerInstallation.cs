namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>How to start each server on a zoo.cfg: the executables, the jars and the JVM heap.</summary>
internal sealed record ServerInstallation
{
    public const string DefaultZooKeeperClassPath = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar";

    /// <summary>The dotnet muxer that runs ConfigCenter.Server.dll.</summary>
    public required string Dotnet { get; init; }

    public required string ConfigCenterServerDll { get; init; }

    public string Java { get; init; } = "/usr/bin/java";

    /// <summary>zookeeper.jar (its manifest brings in the dependencies) and a logger that writes to stderr.</summary>
    public string ZooKeeperClassPath { get; init; } = DefaultZooKeeperClassPath;

    /// <summary>-Xmx for ZooKeeper's JVM: 1M znodes need well over the 1000m zkServer.sh gives by default.</summary>
    public string ZooKeeperHeap { get; init; } = "4g";

    /// <param name="ensembleMember">Starts an ensemble member: our server sees the server lines itself; ZooKeeper needs QuorumPeerMain.</param>
    public (string FileName, IReadOnlyList<string> Arguments) CommandFor(BenchServerKind kind, string configPath, bool ensembleMember = false) => kind switch
    {
        BenchServerKind.ConfigCenter => (Dotnet, [ConfigCenterServerDll, configPath]),
        // ZooKeeperServerMain is the standalone entry point (QuorumPeerMain, which zkServer.sh runs, delegates to it
        // without server lines). The JVM keeps its defaults (G1, tiered JIT): this is a throughput benchmark, not a fast-start test.
        BenchServerKind.ZooKeeper => (Java,
        [
            $"-Xmx{ZooKeeperHeap}", "-cp", ZooKeeperClassPath,
            "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            ensembleMember ? "org.apache.zookeeper.server.quorum.QuorumPeerMain" : "org.apache.zookeeper.server.ZooKeeperServerMain", configPath,
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The dotnet running this tool, so the server runs on the same runtime.</summary>
    public static string CurrentDotnet()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    /// <summary>The Release build of the server next to this tool's build in the repository, if there is one.</summary>
    public static string? FindServerDllNextToTool()
    {
        // bin/<Configuration>/net10.0 of src/ConfigCenter.LoadGenerator, so src/ is four levels up.
        var src = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        return new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(src, "ConfigCenter.Server", "bin", configuration, "net10.0", "ConfigCenter.Server.dll"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>"java -version" as the JVM prints it (first two lines), for the report.</summary>
    public string JavaVersion() =>
        ToolOutput.Lines(Java, "-version") is { } lines ? string.Join(" / ", lines.Take(2)) : "unknown";

    /// <summary>The command line that starts the server on a zoo.cfg, as a shell would show it.</summary>
    public string CommandLine(BenchServerKind kind, string configPath, bool ensembleMember = false)
    {
        var (fileName, arguments) = CommandFor(kind, configPath, ensembleMember);
        return $"{fileName} {string.Join(' ', arguments)}";
    }
}
