using System.Globalization;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>FUZZ_SEED replays one seed; FUZZ_CASES changes how many inputs a run sends.</summary>
public static class FuzzSettings
{
    public const string SeedVariable = "FUZZ_SEED";
    public const string CasesVariable = "FUZZ_CASES";
    public const int Workers = 4;

    public static int Seed => Read(SeedVariable, 20_261_122);
    public static int Cases => Read(CasesVariable, 4000);

    private static int Read(string variable, int fallback)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
    }
}
