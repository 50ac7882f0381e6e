namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>What one step did on one server, normalized; Events lists what each session was notified of.</summary>
public sealed record StepRecord(int Index, string Step, string Outcome, string Events)
{
    public override string ToString() => $"#{Index} {Step}\n      -> {Outcome}{(Events.Length > 0 ? $"\n      events: {Events}" : "")}";
}

public sealed record ScenarioTranscript(string ServerName, IReadOnlyList<StepRecord> Steps, IReadOnlyList<string> FinalTree);
