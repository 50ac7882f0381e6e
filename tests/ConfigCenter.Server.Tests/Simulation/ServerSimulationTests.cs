using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// Runs the server-level simulator over many seeds. A failing seed prints how to replay it:
/// <c>SERVER_SIM_SEED=n dotnet test tests/ConfigCenter.Server.Tests --filter FullyQualifiedName~ServerSimulationTests</c>
/// runs that one seed and writes its step-by-step trace to a file (in <c>SERVER_SIM_TRACE_DIR</c>, else the temp
/// directory). <c>SERVER_SIM_SEEDS</c> (how many, default 600) and <c>SERVER_SIM_SEED_START</c> (the first, default 1)
/// widen or move the range.
/// </summary>
public sealed class ServerSimulationTests(ITestOutputHelper output)
{
    private const int DefaultSeeds = 600;

    [Fact]
    public void Seeds()
    {
        if (Environment.GetEnvironmentVariable("SERVER_SIM_SEED") is { Length: > 0 } replay)
        {
            Replay(ulong.Parse(replay, CultureInfo.InvariantCulture));
            return;
        }
        var start = EnvNumber("SERVER_SIM_SEED_START", 1);
        var count = EnvNumber("SERVER_SIM_SEEDS", DefaultSeeds);
        var clock = Stopwatch.StartNew();
        var total = new ServerSimStats { Runs = 0 };
        for (var seed = start; seed < start + count; seed++)
        {
            try
            {
                total.Add(new ServerSimulation(seed).Run());
            }
            catch (Exception e)
            {
                Assert.Fail(FailureReport(seed, e));
            }
        }
        output.WriteLine($"seeds {start}..{start + count - 1} in {clock.Elapsed.TotalSeconds:F1}s: {total}");
    }

    private void Replay(ulong seed)
    {
        var trace = new ServerSimTrace();
        try
        {
            var result = new ServerSimulation(seed, trace).Run();
            output.WriteLine($"seed {seed} passed: {result}; trace in {WriteTrace(seed, trace)}");
        }
        catch (Exception e)
        {
            trace.Raw($"FAILED: {e}");
            Assert.Fail($"seed {seed} failed: {e.Message}\ntrace: {WriteTrace(seed, trace)}");
        }
    }

    /// <summary>Replays the failing seed with tracing on (the run is deterministic) and says how to do it again.</summary>
    private static string FailureReport(ulong seed, Exception failure)
    {
        var trace = new ServerSimTrace();
        try
        {
            new ServerSimulation(seed, trace).Run();
            trace.Raw("the traced replay did NOT fail: the simulation is not deterministic");
        }
        catch (Exception e)
        {
            trace.Raw($"FAILED: {e}");
        }
        return $"server simulation seed {seed} failed: {failure.GetType().Name}: {failure.Message}\n" +
            $"replay: SERVER_SIM_SEED={seed} dotnet test tests/ConfigCenter.Server.Tests --filter FullyQualifiedName~ServerSimulationTests\n" +
            $"trace: {WriteTrace(seed, trace)}\n{failure.StackTrace}";
    }

    private static string WriteTrace(ulong seed, ServerSimTrace trace)
    {
        var directory = Environment.GetEnvironmentVariable("SERVER_SIM_TRACE_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"server-sim-seed-{seed}.trace");
        File.WriteAllText(path, trace.ToString());
        return path;
    }

    private static ulong EnvNumber(string name, ulong fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? ulong.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
