namespace ConfigCenter.Samples.Echo;

/// <summary>Knobs for demonstrations and tests.</summary>
public sealed class EchoOptions
{
    /// <summary>Answer every echo this much later: a slow instance, for least-outstanding-requests.</summary>
    public int DelayMs { get; set; }
}
