using System.Text.Json;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Clients;

/// <summary>A kazoo script failed or printed something that is not JSON; carries everything it wrote.</summary>
public sealed class KazooScriptException(string script, CapturedOutput output, JsonException? parseError = null)
    : Exception(
        (parseError is null
            ? $"Kazoo script {script} exited with code {output.ExitCode}."
            : $"Kazoo script {script} did not print valid JSON: {parseError.Message}")
        + $"\n--- stderr ---\n{output.StandardError}\n--- stdout ---\n{output.StandardOutput}",
        parseError)
{
    public CapturedOutput Output { get; } = output;
}
