using System.Globalization;
using System.Text;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>The step-by-step record of a replayed run (simulated milliseconds), written to a file when a seed fails.</summary>
internal sealed class ServerSimTrace
{
    private readonly StringBuilder _text = new();

    public void Line(long nowMs, string text) => _text.Append(CultureInfo.InvariantCulture, $"{nowMs,8}ms ").AppendLine(text);

    public void Raw(string text) => _text.AppendLine(text);

    public override string ToString() => _text.ToString();
}
