using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// Runs a simulator over a range of seeds, or replays one seed with its trace, the same way for every
/// simulator. <c>{prefix}_SEED=n</c> replays seed n and writes its trace to a file; <c>{prefix}_SEEDS</c> (how
/// many) and <c>{prefix}_SEED_START</c> (the first, default 1) widen or move the range; <c>{prefix}_TRACE_DIR</c>
/// says where traces go (the temp directory otherwise). A failing seed fails the test with its replay
/// command and the path of its trace (the run is deterministic, so it is replayed traced).
/// </summary>
/// <param name="prefix">The environment variables' prefix, e.g. ZAB.</param>
/// <param name="testCommand">What replays a seed with the variable set, e.g. dotnet test … --filter ….</param>
/// <param name="run">Runs one seed, tracing into the trace when one is given; throws when an invariant breaks.</param>
internal sealed class SeedSwarm<TTrace, TStats>(string prefix, string testCommand, Func<ulong, TTrace?, TStats> run)
    where TTrace : class, new()
{
    /// <summary>Runs the range (or the one seed to replay) and reports the summed statistics.</summary>
    public void Run(ITestOutputHelper output, ulong defaultCount, TStats total, Action<TStats, TStats> add)
    {
        if (Environment.GetEnvironmentVariable($"{prefix}_SEED") is { Length: > 0 } replay)
        {
            Replay(output, ulong.Parse(replay, CultureInfo.InvariantCulture));
            return;
        }
        var start = EnvNumber($"{prefix}_SEED_START", 1);
        var count = EnvNumber($"{prefix}_SEEDS", defaultCount);
        var clock = Stopwatch.StartNew();
        for (var seed = start; seed < start + count; seed++) add(total, RunChecked(seed));
        output.WriteLine($"seeds {start}..{start + count - 1} in {clock.Elapsed.TotalSeconds:F1}s: {total}");
    }

    /// <summary>Runs one seed; a failure fails the test with the replay command and the trace.</summary>
    public TStats RunChecked(ulong seed)
    {
        try
        {
            return run(seed, null);
        }
        catch (Exception e)
        {
            Assert.Fail(FailureReport(seed, e));
            throw;
        }
    }

    private void Replay(ITestOutputHelper output, ulong seed)
    {
        var trace = new TTrace();
        try
        {
            var result = run(seed, trace);
            output.WriteLine($"seed {seed} passed: {result}; trace in {WriteTrace(seed, trace, "")}");
        }
        catch (Exception e)
        {
            Assert.Fail($"seed {seed} failed: {e.Message}\ntrace: {WriteTrace(seed, trace, $"FAILED: {e}")}");
        }
    }

    private string FailureReport(ulong seed, Exception failure)
    {
        var trace = new TTrace();
        string ending;
        try
        {
            run(seed, trace);
            ending = "the traced replay did NOT fail: the simulation is not deterministic";
        }
        catch (Exception e)
        {
            ending = $"FAILED: {e}";
        }
        return $"simulation seed {seed} failed: {failure.GetType().Name}: {failure.Message}\n" +
            $"replay: {prefix}_SEED={seed} {testCommand}\n" +
            $"trace: {WriteTrace(seed, trace, ending)}\n{failure.StackTrace}";
    }

    private string WriteTrace(ulong seed, TTrace trace, string ending)
    {
        var directory = Environment.GetEnvironmentVariable($"{prefix}_TRACE_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{prefix.ToLowerInvariant().Replace('_', '-')}-seed-{seed}.trace");
        File.WriteAllText(path, trace + ending + Environment.NewLine);
        return path;
    }

    private static ulong EnvNumber(string name, ulong fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? ulong.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
