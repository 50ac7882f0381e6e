using System.Globalization;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>The seeds the default suite runs, or the single one DIFF_SEED names for a replay.</summary>
public static class DifferentialSeeds
{
    public const string ReplayVariable = "DIFF_SEED";
    public const string StepsVariable = "DIFF_STEPS";
    public const int DefaultSteps = 200;

    private static readonly int[] DefaultSeeds = [1, 2, 3, 4, 5];

    public static bool IsReplay => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ReplayVariable));

    public static IEnumerable<object[]> Seeds()
    {
        var replay = Environment.GetEnvironmentVariable(ReplayVariable);
        var seeds = string.IsNullOrWhiteSpace(replay) ? DefaultSeeds : [int.Parse(replay, CultureInfo.InvariantCulture)];
        return seeds.Select(seed => new object[] { seed });
    }

    public static int Steps()
    {
        var steps = Environment.GetEnvironmentVariable(StepsVariable);
        return string.IsNullOrWhiteSpace(steps) ? DefaultSteps : int.Parse(steps, CultureInfo.InvariantCulture);
    }
}
