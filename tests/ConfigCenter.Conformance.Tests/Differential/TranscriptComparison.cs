using System.Text;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>Finds the first step where two transcripts differ and explains it with the steps that led there.</summary>
public static class TranscriptComparison
{
    private const int ContextSteps = 6;

    /// <summary>Null when the transcripts agree.</summary>
    public static string? FirstDifference(int seed, ScenarioTranscript expected, ScenarioTranscript actual)
    {
        var count = Math.Min(expected.Steps.Count, actual.Steps.Count);
        for (var i = 0; i < count; i++)
        {
            var e = expected.Steps[i];
            var a = actual.Steps[i];
            if (e.Outcome == a.Outcome && e.Events == a.Events) continue;

            var message = new StringBuilder();
            message.AppendLine($"Seed {seed} diverges at step {e.Index}: {e.Step}");
            message.AppendLine($"  replay with: DIFF_SEED={seed}");
            message.AppendLine($"  {expected.ServerName}: {e.Outcome}");
            message.AppendLine($"  {actual.ServerName}: {a.Outcome}");
            if (e.Events != a.Events)
            {
                message.AppendLine($"  {expected.ServerName} events: {e.Events}");
                message.AppendLine($"  {actual.ServerName} events: {a.Events}");
            }
            message.AppendLine($"  preceding steps (as {expected.ServerName} ran them):");
            foreach (var previous in expected.Steps.Skip(Math.Max(0, i - ContextSteps)).Take(Math.Min(i, ContextSteps)))
                message.AppendLine("    " + previous.ToString().Replace("\n", "\n    "));
            return message.ToString();
        }
        if (expected.Steps.Count != actual.Steps.Count)
            return $"Seed {seed}: {expected.ServerName} ran {expected.Steps.Count} steps, {actual.ServerName} {actual.Steps.Count}";

        var lines = Math.Max(expected.FinalTree.Count, actual.FinalTree.Count);
        for (var i = 0; i < lines; i++)
        {
            var e = i < expected.FinalTree.Count ? expected.FinalTree[i] : "(none)";
            var a = i < actual.FinalTree.Count ? actual.FinalTree[i] : "(none)";
            if (e != a)
                return $"Seed {seed}: final trees differ at line {i}\n  {expected.ServerName}: {e}\n  {actual.ServerName}: {a}\n  replay with: DIFF_SEED={seed}";
        }
        return null;
    }
}
