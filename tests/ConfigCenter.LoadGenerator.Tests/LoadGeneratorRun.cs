using System.Text.Json;
using ConfigCenter.LoadGenerator.Cli;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>Runs the tool's command line in-process and keeps what it printed.</summary>
internal sealed record LoadGeneratorRun(int ExitCode, string Output, string Error)
{
    public static Task<LoadGeneratorRun> InvokeAsync(params string[] args) => InvokeAsync(TimeSpan.FromSeconds(30), args);

    /// <param name="timeout">How long the run may take before it is cancelled (runs that start ensembles need longer).</param>
    public static async Task<LoadGeneratorRun> InvokeAsync(TimeSpan timeout, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(timeout);
        var exitCode = await LoadGeneratorCli.InvokeAsync(args, output, error, deadline.Token);
        return new LoadGeneratorRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The JSON line: with --json, the only line printed.</summary>
    public JsonElement ResultJson()
    {
        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected exactly one line, got:\n{Output}\nstderr:\n{Error}");
        using var document = JsonDocument.Parse(lines[0]);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
