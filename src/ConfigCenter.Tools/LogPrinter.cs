using ConfigCenter.Storage;
using ConfigCenter.Storage.Log;

namespace ConfigCenter.Tools;

/// <summary>Prints a log segment: its header, every transaction with its offset, and how it ends.</summary>
internal sealed class LogPrinter(TextWriter output)
{
    public int Print(string path)
    {
        try
        {
            using var reader = LogSegmentReader.Open(path);
            output.WriteLine($"log segment {path}");
            output.WriteLine($"  {reader.FileLength} bytes, format version {reader.FormatVersion}, database id {reader.DatabaseId}");
            while (reader.TryRead(out var frame))
            {
                var logged = reader.Decode(frame);
                output.WriteLine($"{frame.Offset,10}: {TxnDescriber.Header(logged.Header)} {TxnDescriber.Body(logged.Txn)}");
                foreach (var line in TxnDescriber.MultiEntries(logged.Txn)) output.WriteLine(line);
            }
            output.WriteLine(Summary(reader));
            return StorageToolCli.Sound;
        }
        catch (StorageCorruptedException e)
        {
            output.WriteLine($"DAMAGED: {e.Message}");
            return StorageToolCli.Damaged;
        }
    }

    internal static string Summary(LogSegmentReader reader)
    {
        var records = reader.RecordCount == 0
            ? "no records"
            : $"{reader.RecordCount} records, zxid {DataFormatter.Hex(reader.FirstZxid)}..{DataFormatter.Hex(reader.LastZxid)}";
        return reader.End switch
        {
            LogSegmentEnd.TornTail => $"{records}; torn tail at offset {reader.Position} ({reader.TornTailProblem}): recovery cuts the {reader.FileLength - reader.Position} bytes from there",
            LogSegmentEnd.MissingHeader => "no header: a segment whose creation was cut short; recovery deletes it",
            _ => $"{records}; clean end at offset {reader.Position}",
        };
    }
}
