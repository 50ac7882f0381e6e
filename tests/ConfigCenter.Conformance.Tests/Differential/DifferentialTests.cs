using System.Collections.Concurrent;
using ConfigCenter.Testing.Servers;
using Xunit.Abstractions;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>
/// Runs seeded random scenarios against Apache ZooKeeper and ConfigCenter and demands identical
/// normalized transcripts. Replay one seed with DIFF_SEED=1234 (and DIFF_STEPS=n for longer runs).
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    // The Apache transcript of a seed is the reference for both tests; computing it once saves a JVM start.
    private static readonly ConcurrentDictionary<int, Lazy<Task<ScenarioTranscript>>> ApacheReference = new();

    public static IEnumerable<object[]> Seeds() => DifferentialSeeds.Seeds();

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Apache_zookeeper_agrees_with_itself_after_normalization(int seed)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var steps = Steps(seed);
        var first = ReferenceAsync(seed, steps, timeout.Token);
        var second = DifferentialServers.RunAsync(ServerKind.ApacheZooKeeper, "ApacheZooKeeper#2", steps, timeout.Token);
        await Task.WhenAll(first, second);

        AssertSame(seed, await first, await second);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ConfigCenter_matches_apache_zookeeper(int seed)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var steps = Steps(seed);
        var reference = ReferenceAsync(seed, steps, timeout.Token);
        var ours = DifferentialServers.RunAsync(ServerKind.ConfigCenter, "ConfigCenter", steps, timeout.Token);
        await Task.WhenAll(reference, ours);

        AssertSame(seed, await reference, await ours);
    }

    private static IReadOnlyList<ScenarioStep> Steps(int seed) =>
        new ScenarioGenerator(seed, DifferentialServers.SessionSlots).Generate(DifferentialSeeds.Steps());

    private static Task<ScenarioTranscript> ReferenceAsync(int seed, IReadOnlyList<ScenarioStep> steps, CancellationToken ct) =>
        ApacheReference.GetOrAdd(seed, _ => new Lazy<Task<ScenarioTranscript>>(
            () => DifferentialServers.RunAsync(ServerKind.ApacheZooKeeper, "ApacheZooKeeper", steps, ct))).Value;

    private void AssertSame(int seed, ScenarioTranscript expected, ScenarioTranscript actual)
    {
        if (DifferentialSeeds.IsReplay) WriteTranscripts(seed, expected, actual);
        Assert.Equal(expected.Steps.Count, actual.Steps.Count);
        var difference = TranscriptComparison.FirstDifference(seed, expected, actual);
        if (difference is not null) output.WriteLine(difference);
        Assert.True(difference is null, difference);
    }

    // A replay leaves both full transcripts behind so they can be diffed line by line.
    private void WriteTranscripts(int seed, params ScenarioTranscript[] transcripts)
    {
        foreach (var transcript in transcripts)
        {
            var file = Path.Combine(Path.GetTempPath(), $"diff-seed-{seed}-{transcript.ServerName.Replace('#', '-')}.txt");
            File.WriteAllLines(file, [.. transcript.Steps.Select(s => s.ToString()), "final tree:", .. transcript.FinalTree]);
            output.WriteLine($"transcript of {transcript.ServerName}: {file}");
        }
    }
}
