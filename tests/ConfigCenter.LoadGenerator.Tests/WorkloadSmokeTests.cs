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
