using System.CommandLine;
using ConfigCenter.LoadGenerator.Benchmark;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>The options of the commands that start servers themselves: how to start each, where, with which zoo.cfg settings.</summary>
internal sealed class ServerSetupOptions
{
    private readonly Option<string?> _serverDll = new("--server-dll") { Description = "ConfigCenter.Server.dll to benchmark (default: the Release build in this repository)." };
    private readonly Option<string> _dotnet = new("--dotnet") { Description = "dotnet executable for our server (default: the one running this tool)." };
    private readonly Option<string> _java = new("--java") { Description = "java executable for ZooKeeper.", DefaultValueFactory = _ => "/usr/bin/java" };
    private readonly Option<string> _zooKeeperClassPath = new("--zookeeper-classpath") { Description = "Classpath of ZooKeeper's server.", DefaultValueFactory = _ => ServerInstallation.DefaultZooKeeperClassPath };
    private readonly Option<string> _zooKeeperHeap = new("--zookeeper-heap") { Description = "-Xmx of ZooKeeper's JVM.", DefaultValueFactory = _ => "4g" };
    private readonly Option<string> _workDir = new("--work-dir") { Description = "Where the servers' fresh data directories go (the disk under test).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "configcenter-bench") };
    private readonly Option<string[]> _servers = new("--servers") { Description = "Which servers, in order: configcenter, zookeeper.", DefaultValueFactory = _ => ["configcenter", "zookeeper"], AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _tickTime = new("--tick-time") { Description = "tickTime for both servers, ms.", DefaultValueFactory = _ => 2000 };
    private readonly Option<int> _snapCount = new("--snap-count") { Description = "snapCount for both servers.", DefaultValueFactory = _ => 100_000 };
    private readonly Option<double> _quietWait = new("--quiet-wait") { Description = "On a shared machine: before each measured phase, wait up to this many seconds for the cores to be nearly idle.", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _quietBusyShare = new("--quiet-busy-share") { Description = "Share of all cores that may be busy for the machine to count as quiet.", DefaultValueFactory = _ => 0.15 };
    private readonly Option<bool> _keepData = new("--keep-data") { Description = "Keep the servers' directories afterwards." };

    public IEnumerable<Option> Options =>
        [_serverDll, _dotnet, _java, _zooKeeperClassPath, _zooKeeperHeap, _workDir, _servers, _tickTime, _snapCount, _quietWait, _quietBusyShare, _keepData];

    /// <exception cref="FormatException">Our server's dll is not there, or a server name is unknown.</exception>
    public ServerSetup Bind(ParseResult parse)
    {
        var serverDll = parse.GetValue(_serverDll) ?? ServerInstallation.FindServerDllNextToTool()
            ?? throw new FormatException("ConfigCenter.Server.dll not found; build src/ConfigCenter.Server in Release or pass --server-dll");
        if (!File.Exists(serverDll)) throw new FormatException($"--server-dll {serverDll} does not exist");
        return new ServerSetup
        {
            Installation = new ServerInstallation
            {
                Dotnet = parse.GetValue(_dotnet) ?? ServerInstallation.CurrentDotnet(),
                ConfigCenterServerDll = Path.GetFullPath(serverDll),
                Java = parse.GetValue(_java)!,
                ZooKeeperClassPath = parse.GetValue(_zooKeeperClassPath)!,
                ZooKeeperHeap = parse.GetValue(_zooKeeperHeap)!,
            },
            WorkDirectory = Path.GetFullPath(parse.GetValue(_workDir)!),
            Servers = parse.GetValue(_servers)!.Select(BenchServerKinds.Parse).ToList(),
            TickTimeMs = parse.GetValue(_tickTime),
            SnapCount = parse.GetValue(_snapCount),
            QuietWait = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(_quietWait))),
            QuietBusyShare = parse.GetValue(_quietBusyShare),
            KeepData = parse.GetValue(_keepData),
        };
    }
}
