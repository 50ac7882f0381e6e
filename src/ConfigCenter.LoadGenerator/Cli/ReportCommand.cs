using System.CommandLine;
using ConfigCenter.LoadGenerator.Benchmark;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>"report": turns a comparison's result lines into docs/benchmarks.md, keeping the hand-written blocks of the page it replaces.</summary>
internal sealed class ReportCommand
{
    private readonly Option<string[]> _results = new("--results")
    {
        Description = "The result lines written by compare --results: one file per shape (standalone, ensemble3), all on one page.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };
    private readonly Option<string?> _out = new("--out") { Description = "The page to write (its keep blocks are carried over); stdout when not given." };
    private readonly Option<string?> _micro = new("--micro") { Description = "BenchmarkDotNet's results directory: its *-report-github.md tables replace the micro-benchmarks block." };

    public Command Build(TextWriter output, TextWriter error) => CommandActions.Create(
        "report",
        "Write the Markdown page of a comparison: targets, a table per workload, the machine, versions and exact commands.",
        [_results, _out, _micro],
        (parse, cancellationToken) => InvokeAsync(parse, output, error, cancellationToken));

    private async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var resultsPaths = parse.GetValue(_results)!;
        var outPath = parse.GetValue(_out);
        try
        {
            var shapes = ShapeResults.OnePerShape(resultsPaths.Select(ShapeResults.Read));
            var previous = outPath is not null && File.Exists(outPath) ? await File.ReadAllTextAsync(outPath, cancellationToken).ConfigureAwait(false) : null;
            var micro = parse.GetValue(_micro) is { } directory ? MicroTables(directory) : null;
            var page = BenchmarksMarkdown.Render(shapes, previous, micro);
            if (outPath is null) await output.WriteAsync(page).ConfigureAwait(false);
            else await File.WriteAllTextAsync(outPath, page, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <exception cref="InvalidDataException">The directory holds no GitHub Markdown report.</exception>
    private static string MicroTables(string directory)
    {
        var reports = Directory.Exists(directory) ? Directory.GetFiles(directory, "*-report-github.md").Order(StringComparer.Ordinal).ToList() : [];
        if (reports.Count == 0) throw new InvalidDataException($"no *-report-github.md in {directory}");
        return string.Join("\n\n", reports.Select(path => $"**{Path.GetFileName(path).Replace("-report-github.md", "", StringComparison.Ordinal)}**\n\n{File.ReadAllText(path).Trim()}"));
    }
}
