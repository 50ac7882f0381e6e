using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>One comparison's results file: the shape it ran in, its description line (if any) and its result lines.</summary>
internal sealed record ShapeResults(ClusterShape Shape, CompareRun? Run, IReadOnlyList<RunResult> Results, string ResultsFile)
{
    /// <summary>Reads a file written by compare --results; one without a description line counts as standalone.</summary>
    /// <exception cref="InvalidDataException">A line is not JSON of either kind, or there is no result line.</exception>
    public static ShapeResults Read(string path)
    {
        var (run, results) = CompareJsonContext.ReadFile(path);
        if (results.Count == 0) throw new InvalidDataException($"{path} holds no result line");
        return new ShapeResults(run?.Settings.Shape ?? ClusterShape.Standalone, run, results, Path.GetFileName(path));
    }

    /// <summary>One entry per shape, standalone first; of two files of one shape the later one counts.</summary>
    public static IReadOnlyList<ShapeResults> OnePerShape(IEnumerable<ShapeResults> files) =>
        files.GroupBy(f => f.Shape).Select(g => g.Last()).OrderBy(f => f.Shape).ToList();
}
