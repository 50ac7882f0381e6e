using ConfigCenter.LoadGenerator.Benchmark;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>
/// The load generator's own ensemble launcher (src/, not the test harness) against real processes of both
/// kinds: three members on loopback, one leader, and a short workload with its sessions spread over them.
/// </summary>
public sealed class EnsembleLauncherTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "configcenter-tests", $"ensemble-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("configcenter")]
    [InlineData("zookeeper")]
    public async Task Three_members_start_one_leads_and_a_workload_spread_over_them_runs_without_errors(string server)
    {
        var kind = BenchServerKinds.Parse(server);
        var setup = new ServerSetup
        {
            Installation = new ServerInstallation { Dotnet = ServerInstallation.CurrentDotnet(), ConfigCenterServerDll = ConfigCenterServerCommand.FindServerDll(), ZooKeeperHeap = "256m" },
            WorkDirectory = _directory,
        };
        using var deadline = new CancellationTokenSource(StartTimeout);
        await using var cluster = ServerCluster.Create(ClusterShape.Ensemble3, kind, setup, Path.Combine(_directory, "ensemble"));

        var leader = await cluster.StartAsync(StartTimeout, deadline.Token);

        Assert.Equal([1, 2, 3], cluster.Members.Select(m => m.MemberId ?? 0));
        Assert.Equal(3, cluster.Addresses.Select(a => a.Port).Distinct().Count());
        Assert.All(cluster.Members, m => Assert.Equal($"{m.MemberId}", File.ReadAllText(Path.Combine(m.DataDir, "myid")).Trim()));
        var modes = new List<string?>();
        foreach (var member in cluster.Members) modes.Add(await FourLetterWord.TryModeAsync(member.Address, deadline.Token));
        Assert.Equal(["follower", "follower", "leader"], modes.Order());
        Assert.Equal("leader", await FourLetterWord.TryModeAsync(leader.Address, deadline.Token));

        var run = await LoadGeneratorRun.InvokeAsync(
            "--connect", cluster.ConnectString, "--workload", "mixed", "--duration", "0.5", "--connections", "3", "--outstanding", "5",
            "--keys", "100", "--prefix", "/ensemble-smoke", "--label", kind.Label(), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = run.ResultJson();
        Assert.Equal(cluster.ConnectString, result.GetProperty("connect").GetString());
        Assert.True(result.GetProperty("ops").GetInt64() > 0, run.ToString());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
