using System.Globalization;
using System.Text;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>The step-by-step record of a replayed run, written to a file when a seed fails.</summary>
internal sealed class SimTrace
{
    private readonly StringBuilder _text = new();

    public void Line(long now, string text)
    {
        _text.Append(CultureInfo.InvariantCulture, $"t={now / Simulation.TickUnits,5}.{now % Simulation.TickUnits} ");
        _text.AppendLine(text);
    }

    public void Raw(string text) => _text.AppendLine(text);

    public override string ToString() => _text.ToString();
}
