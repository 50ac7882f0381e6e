namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>How one echo sample process registers and behaves.</summary>
public sealed record EchoSettings(string InstanceId)
{
    public string? Zone { get; init; }
    public int Weight { get; init; } = 1;
    public int DelayMs { get; init; }
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
