using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// Runs the simulator over many seeds. A failing seed prints how to replay it: <c>ZAB_SEED=n dotnet test
/// tests/ConfigCenter.Consensus.Tests --filter FullyQualifiedName~SimulationTests</c> runs that one seed and
/// writes its step-by-step trace to a file. <c>ZAB_SEEDS</c> (how many, default 1200) and <c>ZAB_SEED_START</c>
/// (the first, default 1) widen or move the range.
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    private const int Shards = 2;
    private const int DefaultSeeds = 1200;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Seeds(int shard)
    {
        if (Environment.GetEnvironmentVariable("ZAB_SEED") is { Length: > 0 } replay)
        {
            if (shard == 0) Replay(ulong.Parse(replay, CultureInfo.InvariantCulture));
            return;
        }
        var start = EnvNumber("ZAB_SEED_START", 1);
        var count = EnvNumber("ZAB_SEEDS", DefaultSeeds);
        var clock = Stopwatch.StartNew();
        var total = new SimStats { Runs = 0 };
        for (var seed = start; seed < start + count; seed++)
        {
            if (seed % Shards != (ulong)shard) continue;
            try
            {
                total.Add(new Simulation(seed).Run());
            }
            catch (Exception e) when (e is SimulationFailure or ZabSafetyException or InvalidOperationException)
            {
                Assert.Fail(FailureReport(seed, e));
                return;
            }
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: {total}");
    }

    private void Replay(ulong seed)
    {
        var trace = new SimTrace();
        var simulation = new Simulation(seed, trace);
        try
        {
            var result = simulation.Run();
            var path = WriteTrace(seed, trace);
            output.WriteLine($"seed {seed} passed: {result}; trace in {path}");
        }
        catch (Exception e) when (e is SimulationFailure or ZabSafetyException or InvalidOperationException)
        {
            trace.Raw($"FAILED: {e}");
            var path = WriteTrace(seed, trace);
            Assert.Fail($"seed {seed} failed: {e.Message}\ntrace: {path}");
        }
    }

    /// <summary>Replays the failing seed with tracing on (the run is deterministic) and says how to do it again.</summary>
    private static string FailureReport(ulong seed, Exception failure)
    {
        var trace = new SimTrace();
        try
        {
            new Simulation(seed, trace).Run();
            trace.Raw("the traced replay did NOT fail: the simulation is not deterministic");
        }
        catch (Exception e)
        {
            trace.Raw($"FAILED: {e}");
        }
        var path = WriteTrace(seed, trace);
        return $"simulation seed {seed} failed: {failure.Message}\n" +
            $"replay: ZAB_SEED={seed} dotnet test tests/ConfigCenter.Consensus.Tests --filter FullyQualifiedName~SimulationTests\n" +
            $"trace: {path}\n{failure.StackTrace}";
    }

    private static string WriteTrace(ulong seed, SimTrace trace)
    {
        var directory = Environment.GetEnvironmentVariable("ZAB_TRACE_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"zab-seed-{seed}.trace");
        File.WriteAllText(path, trace.ToString());
        return path;
    }

    private static ulong EnvNumber(string name, ulong fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? ulong.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
