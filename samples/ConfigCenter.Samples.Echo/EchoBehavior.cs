using Microsoft.Extensions.Options;

namespace ConfigCenter.Samples.Echo;

/// <summary>The current reply delay: starts from <see cref="EchoOptions.DelayMs"/>, changeable at run time to play a slow instance.</summary>
public sealed class EchoBehavior(IOptions<EchoOptions> options)
{
    private int _delayMs = options.Value.DelayMs;

    public int DelayMs
    {
        get => Volatile.Read(ref _delayMs);
        set => Volatile.Write(ref _delayMs, Math.Max(0, value));
    }
}
