namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>
/// A test that needs the PostgreSQL server ./test.sh starts (CONFIGCENTER_TEST_PG). Without it the test is
/// skipped on a developer's machine, but fails under CI=true, where its absence is a broken setup.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string ConnectionVariable = "CONFIGCENTER_TEST_PG";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{ConnectionVariable} is not set; ./test.sh starts PostgreSQL and sets it.";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value ? value : null;
}
