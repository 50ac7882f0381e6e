using System.CommandLine;

namespace ConfigCenter.Tools;

/// <summary>
/// The command line: <c>log FILE</c> prints a log segment, <c>snapshot FILE</c> prints a snapshot,
/// <c>verify PATH...</c> checks the checksums of files or of every file in directories.
/// Exit codes: 0 sound, 1 damage found, 2 bad usage.
/// </summary>
public static class StorageToolCli
{
    public const int Sound = 0;
    public const int Damaged = 1;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Prints and verifies ConfigCenter transaction log segments and snapshots.");

        var logFile = new Argument<FileInfo>("file") { Description = "a log segment (log.<zxid>)" };
        var log = new Command("log", "Print every transaction of a log segment, then how the segment ends.") { logFile };
        log.SetAction(parse => new LogPrinter(output).Print(parse.GetValue(logFile)!.FullName));
        root.Subcommands.Add(log);

        var snapshotFile = new Argument<FileInfo>("file") { Description = "a snapshot (snapshot.<zxid>)" };
        var withData = new Option<bool>("--data") { Description = "Print each node's data too." };
        var snapshot = new Command("snapshot", "Print the sessions and nodes of a snapshot and check its checksum.") { snapshotFile, withData };
        snapshot.SetAction(parse => new SnapshotPrinter(output).Print(parse.GetValue(snapshotFile)!.FullName, parse.GetValue(withData)));
        root.Subcommands.Add(snapshot);

        var paths = new Argument<string[]>("paths") { Description = "log segments, snapshots, or directories holding them", Arity = ArgumentArity.OneOrMore };
        var verify = new Command("verify", "Check the checksums and structure of log segments and snapshots.") { paths };
        verify.SetAction(parse => new StorageVerifier(output).Verify(parse.GetValue(paths)!));
        root.Subcommands.Add(verify);

        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
