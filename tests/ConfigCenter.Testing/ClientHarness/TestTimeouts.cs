namespace ConfigCenter.Testing.ClientHarness;

/// <summary>How long a test waits for something that should happen; generous, since waits end as soon as it does.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(15);
}
