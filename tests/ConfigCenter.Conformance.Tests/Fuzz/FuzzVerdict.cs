using ConfigCenter.Protocol;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>How the server answered one fuzz input, and why that answer is not allowed (null when it is).</summary>
public sealed record FuzzVerdict(FuzzCase Case, string Answer, string? Violation)
{
    /// <summary>A coarse label for the summary: the error code, or how the connection ended.</summary>
    public string Category { get; init; } = "closed";

    public static FuzzVerdict ForReply(FuzzCase fuzzCase, ErrorCode err, string answer)
    {
        string? violation = null;
        if (!Enum.IsDefined(err)) violation = $"undefined error code {(int)err}";
        else if (fuzzCase.Expectation == FuzzExpectation.ErrorOrClose && err == ErrorCode.Ok) violation = "invalid input accepted with Ok";
        return new FuzzVerdict(fuzzCase, answer, violation) { Category = $"err={err}" };
    }

    /// <summary>Closing is always an acceptable answer to fuzz.</summary>
    public static FuzzVerdict Closed(FuzzCase fuzzCase, string how = "connection closed") =>
        new(fuzzCase, how, null) { Category = how.StartsWith("ConnectResponse", StringComparison.Ordinal) ? "session from fuzz bytes" : "closed" };

    public static FuzzVerdict Hang(FuzzCase fuzzCase, TimeSpan waited) =>
        new(fuzzCase, "nothing", $"neither an answer nor a close within {waited.TotalSeconds:0}s") { Category = "hang" };

    public override string ToString() => $"{Case} -> {Answer}{(Violation is null ? "" : $"  !! {Violation}")}";
}
