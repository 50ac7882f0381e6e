using ConfigCenter.Storage;
using ConfigCenter.Storage.FileSystem;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Tools;

/// <summary>
/// Checks files without changing them: each snapshot read in full against its CRC, each segment's
/// records against theirs. A torn tail is reported but is no damage: recovery cuts it.
/// </summary>
internal sealed class StorageVerifier(TextWriter output)
{
    public int Verify(IEnumerable<string> paths)
    {
        var damaged = 0;
        var files = 0;
        foreach (var file in paths.SelectMany(Expand))
        {
            files++;
            if (!VerifyFile(file)) damaged++;
        }
        if (files == 0)
        {
            output.WriteLine("no log segments or snapshots found");
            return StorageToolCli.Damaged;
        }
        output.WriteLine(damaged == 0 ? $"{files} files verified, all sound" : $"{files} files verified, {damaged} damaged");
        return damaged == 0 ? StorageToolCli.Sound : StorageToolCli.Damaged;
    }

    private bool VerifyFile(string path)
    {
        try
        {
            if (Path.GetFileName(path).StartsWith(StorageFileNames.SnapshotPrefix, StringComparison.Ordinal))
            {
                var summary = SnapshotReader.Verify(path);
                output.WriteLine($"ok       {path}: zxid {DataFormatter.Hex(summary.Zxid)}, {summary.NodeCount} nodes, {summary.SessionCount} sessions");
            }
            else
            {
                using var reader = LogSegmentReader.Open(path);
                while (reader.TryRead(out _))
                {
                }
                output.WriteLine($"ok       {path}: {LogPrinter.Summary(reader)}");
            }
            return true;
        }
        catch (StorageCorruptedException e)
        {
            output.WriteLine($"DAMAGED  {e.Message}");
            return false;
        }
        catch (IOException e)
        {
            output.WriteLine($"UNREADABLE {path}: {e.Message}");
            return false;
        }
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (!Directory.Exists(path)) return [path];
        var names = Directory.GetFiles(path).Where(file =>
            StorageFileNames.TryParseLogSegment(Path.GetFileName(file), out _) || StorageFileNames.TryParseSnapshot(Path.GetFileName(file), out _));
        return names.Order(StringComparer.Ordinal);
    }
}
