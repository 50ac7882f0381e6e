using System.Globalization;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>
/// Every workload runs for about a second against a real ConfigCenter server and reports a parseable
/// JSON line with work done and no errors. Proves the tool works end to end; measures nothing.
/// </summary>
public sealed class WorkloadSmokeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("create", "create")]
    [InlineData("setData", "setData")]
    [InlineData("getData", "getData")]
    [InlineData("mixed", "mixed")]
    [InlineData("create", "create", "--sequential")]
    public async Task A_timed_run_does_work_without_errors(string workload, string reportedName, params string[] extra)
    {
        var prefix = $"/smoke-{workload}{string.Concat(extra)}".Replace("-", "", StringComparison.Ordinal);
        var run = await LoadGeneratorRun.InvokeAsync(
        [
            "--connect", fixture.Server.ConnectString, "--workload", workload, "--duration", "1",
            "--connections", "4", "--outstanding", "16", "--keys", "200", "--prefix", prefix, "--label", "smoke", "--json", .. extra,
        ]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = run.ResultJson();
        Assert.Equal(reportedName, result.GetProperty("workload").GetString());
        Assert.Equal("smoke", result.GetProperty("server").GetString());
        Assert.True(result.GetProperty("ops").GetInt64() > 0, run.ToString());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        Assert.Equal(0, result.GetProperty("failedConnections").GetInt32());
        Assert.True(result.GetProperty("throughput").GetDouble() > 0, run.ToString());
        Assert.True(result.GetProperty("p50Ms").GetDouble() <= result.GetProperty("p999Ms").GetDouble(), run.ToString());
    }

    [Fact]
    public async Task A_fill_creates_exactly_the_requested_znodes()
    {
        var run = await LoadGeneratorRun.InvokeAsync(
            "--connect", fixture.Server.ConnectString, "--workload", "fill", "--requests", "2000",
            "--connections", "4", "--outstanding", "50", "--prefix", "/smoke/fill", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = run.ResultJson();
        Assert.Equal("fill", result.GetProperty("workload").GetString());
        Assert.Equal(2000, result.GetProperty("ops").GetInt64());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());

        // The keys a fill leaves are the ones getData picks from: no setup needed, no NoNode errors.
        var read = await LoadGeneratorRun.InvokeAsync(
            "--connect", fixture.Server.ConnectString, "--workload", "getData", "--keys", "2000", "--skip-setup",
            "--requests", "500", "--connections", "2", "--prefix", "/smoke/fill", "--json");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(500, read.ResultJson().GetProperty("ops").GetInt64());
    }

    [Fact]
    public async Task Watch_fanout_notifies_every_watcher_in_every_round()
    {
        var run = await LoadGeneratorRun.InvokeAsync(
            "--connect", fixture.Server.ConnectString, "--workload", "watch-fanout", "--watchers", "50", "--rounds", "20",
            "--warmup-rounds", "2", "--prefix", "/smoke/fanout", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = run.ResultJson();
        Assert.Equal("watch-fanout", result.GetProperty("workload").GetString());
        Assert.Equal(50, result.GetProperty("watchers").GetInt32());
        Assert.Equal(20, result.GetProperty("rounds").GetInt32());
        Assert.Equal(50 * 20, result.GetProperty("ops").GetInt64());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        Assert.Equal(0, result.GetProperty("failedConnections").GetInt32());
        Assert.True(result.GetProperty("p50Ms").GetDouble() > 0, run.ToString());
        Assert.True(result.GetProperty("throughput").GetDouble() > 0, run.ToString());
    }

    [Fact]
    public async Task Session_churn_opens_creates_and_closes_sessions_without_errors()
    {
        var run = await LoadGeneratorRun.InvokeAsync(
            "--connect", fixture.Server.ConnectString, "--workload", "session-churn", "--connections", "4", "--duration", "1",
            "--prefix", "/smoke/churn", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = run.ResultJson();
        Assert.Equal("session-churn", result.GetProperty("workload").GetString());
        Assert.True(result.GetProperty("ops").GetInt64() > 0, run.ToString());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        Assert.True(result.GetProperty("p50Ms").GetDouble() > 0, run.ToString());

        // Every session was closed, so none of its ephemerals is left.
        var children = await fixture.Server.FourLetterWordAsync("mntr");
        Assert.Matches(@"(?m)^zk_ephemerals_count\t0$", children);
    }

    [Fact]
    public async Task Memory_per_znode_reads_the_servers_resident_memory_around_a_fill()
    {
        var pid = ServerPid.Of(fixture.Server.ConfigFilePath);
        var run = await LoadGeneratorRun.InvokeAsync(
            "--connect", fixture.Server.ConnectString, "--workload", "memory-per-znode", "--requests", "5000", "--pid", pid.ToString(CultureInfo.InvariantCulture),
            "--settle", "0.2", "--connections", "4", "--prefix", "/smoke/memory", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = run.ResultJson();
        Assert.Equal("memory-per-znode", result.GetProperty("workload").GetString());
        Assert.Equal(5000, result.GetProperty("znodes").GetInt64());
        Assert.True(result.GetProperty("rssBeforeBytes").GetInt64() > 0, run.ToString());
        Assert.True(result.GetProperty("rssAfterBytes").GetInt64() > 0, run.ToString());
        var expected = (double)(result.GetProperty("rssAfterBytes").GetInt64() - result.GetProperty("rssBeforeBytes").GetInt64()) / 5000;
        Assert.InRange(result.GetProperty("bytesPerZnode").GetDouble(), expected - 0.1, expected + 0.1);
    }

    [Fact]
    public async Task Memory_per_znode_without_a_pid_is_a_usage_error()
    {
        var run = await LoadGeneratorRun.InvokeAsync("--connect", fixture.Server.ConnectString, "--workload", "memory-per-znode", "--requests", "10");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--pid", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_json_the_table_comes_before_the_json_line()
    {
        var run = await LoadGeneratorRun.InvokeAsync(
            "--connect", fixture.Server.ConnectString, "--workload", "getData", "--requests", "200", "--connections", "2", "--prefix", "/smoke/table");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("workload getData", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_failure_not_a_hang()
    {
        var run = await LoadGeneratorRun.InvokeAsync("--connect", "127.0.0.1:1", "--duration", "1", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error:", run.Error, StringComparison.Ordinal);
    }
}
