using System.Diagnostics;
using System.Globalization;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// What a server keeps on disk: its snapshots and log segments, by apparent size (what ls shows)
/// and by allocated blocks (what du shows; logs are preallocated sparsely by both servers).
/// </summary>
internal sealed record StorageFootprint(
    int SnapshotCount,
    long NewestSnapshotBytes,
    long SnapshotBytes,
    int LogCount,
    long LogBytes,
    long LogAllocatedBytes)
{
    public static StorageFootprint Measure(BenchServerKind kind, string dataDir)
    {
        var directory = kind.StorageDirectory(dataDir);
        var snapshots = Files(directory, "snapshot.");
        var logs = Files(directory, "log.");
        return new StorageFootprint(
            snapshots.Count,
            snapshots.Count == 0 ? 0 : snapshots.MaxBy(ZxidOf)!.Length,
            snapshots.Sum(f => f.Length),
            logs.Count,
            logs.Sum(f => f.Length),
            AllocatedBytes(logs));
    }

    // Both name files <kind>.<zxid in hex>; ours pads to 16 digits, ZooKeeper does not, so compare numbers, not names.
    private static long ZxidOf(FileInfo file) =>
        long.TryParse(file.Name[(file.Name.IndexOf('.', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var zxid) ? zxid : -1;

    private static List<FileInfo> Files(string directory, string prefix) =>
        !Directory.Exists(directory)
            ? []
            : new DirectoryInfo(directory).EnumerateFiles(prefix + "*").Where(f => ZxidOf(f) >= 0).ToList();

    /// <summary>Blocks actually allocated, from du (.NET does not expose st_blocks).</summary>
    private static long AllocatedBytes(List<FileInfo> files)
    {
        if (files.Count == 0) return 0;
        var start = new ProcessStartInfo("du") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "-B1", "--" }.Concat(files.Select(f => f.FullName))) start.ArgumentList.Add(argument);
        using var du = Process.Start(start)!;
        var lines = du.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        du.WaitForExit();
        var total = lines.LastOrDefault(l => l.EndsWith("total", StringComparison.Ordinal));
        return total is null ? -1 : long.Parse(total.Split('\t')[0], CultureInfo.InvariantCulture);
    }
}
