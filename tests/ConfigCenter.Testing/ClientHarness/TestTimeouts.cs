namespace ConfigCenter.Testing.ClientHarness;

/// <summary>How long a test waits for something that should happen; generous, since waits end as soon as it does.</summary>
public static class TestTimeouts
{
    /// <summary>A watch event, a state change, a cache catching up: milliseconds when idle, seconds on a loaded machine.</summary>
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A real .NET process (a sample) starting cold and doing its job: JIT and startup cost seconds of CPU,
    /// which on a shared two-core machine under load take many times that in wall-clock time.
    /// </summary>
    public static readonly TimeSpan ProcessRun = TimeSpan.FromSeconds(60);
}
