namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// The first line of a comparison's results file: where and how it ran. The result lines of the
/// workloads follow it, each naming the server and the exact command.
/// </summary>
internal sealed record CompareRun
{
    /// <summary>Tells this line from the result lines.</summary>
    public string Record { get; init; } = RecordName;

    public const string RecordName = "compare-run";

    public required DateTimeOffset StartedAt { get; init; }

    public required MachineInfo Machine { get; init; }

    public required CompareVersions Versions { get; init; }

    /// <summary>How each server is started on its zoo.cfg, by server label.</summary>
    public required IReadOnlyDictionary<string, string> ServerCommands { get; init; }

    /// <summary>The zoo.cfg both servers get, with placeholders for the port and the data directory.</summary>
    public required string ZooCfg { get; init; }

    public required CompareSettings Settings { get; init; }

    /// <summary>The command the whole run was started with (benchmarks/run.sh passes its own).</summary>
    public string? Invocation { get; init; }
}

/// <summary>What was compared: our build, ZooKeeper's package, and the runtimes under them.</summary>
internal sealed record CompareVersions(string ConfigCenter, string ZooKeeper, string Dotnet, string Java)
{
    public static CompareVersions Describe(ServerInstallation installation, MachineInfo machine)
    {
        var serverDirectory = Path.GetDirectoryName(installation.ConfigCenterServerDll)!;
        var commit = ToolOutput.Lines("git", "-C", serverDirectory, "describe", "--always", "--dirty")?.FirstOrDefault();
        var package = ToolOutput.Lines("dpkg-query", "-W", "-f=${Version}", "zookeeper")?.FirstOrDefault();
        return new(
            commit is null ? "unknown commit" : $"commit {commit}",
            package is null ? "unknown (not Debian's package?)" : $"Debian package zookeeper {package}",
            machine.Dotnet,
            machine.Java);
    }
}
