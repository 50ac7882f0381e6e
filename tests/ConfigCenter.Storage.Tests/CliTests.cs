using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Snapshots;
using ConfigCenter.Storage.Tests.Support;
using ConfigCenter.Tools;

namespace ConfigCenter.Storage.Tests;

public class CliTests
{
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = StorageToolCli.Run(args, output, error);
        return (code, output + error.ToString());
    }

    [Fact]
    public async Task Prints_every_transaction_of_a_log_segment()
    {
        using var dir = new TestDirectory();
        var txns = Txns.OneOfEach();
        await LogFixture.WriteAsync(dir.Options(), txns);

        var (code, output) = Run("log", dir.LogSegments().Single());

        Assert.Equal(0, code);
        Assert.Contains("zxid 0x1 ", output);
        Assert.Contains("createSession timeout=30000ms", output);
        Assert.Contains("create /a data=\"hello\" acl=[digest:bob:abc==rw, world:anyone=cdrwa] ephemeral=False parentCversion=1", output);
        Assert.Contains("create2 /a/eph data=null", output);
        Assert.Contains("setData /a data=0x0000", output);
        Assert.Contains("(5000 bytes)", output);
        Assert.Contains("multi 4 operations", output);
        Assert.Contains("    delete /m", output);
        Assert.Contains("closeSession ephemerals=[/a/eph]", output);
        Assert.Contains("error err=NoNode", output);
        Assert.Contains("/ünïcødé/パス data=\"данные\"", output);
        Assert.Contains($"{txns.Count} records, zxid 0x1..0x{txns.Count:x}; clean end", output);
    }

    [Fact]
    public void Prints_a_snapshot_with_sessions_nodes_and_the_checksum_verdict()
    {
        using var dir = new TestDirectory();
        var path = new SnapshotWriter(dir.Options()).Write(0x2a, [new SnapshotSession(0x100, 30000)],
        [
            new SnapshotNode("/", [], Acl.OpenAclUnsafe, new PersistedStat(0, 0, 0, 0, 0, 1, 0, 0, 5)),
            new SnapshotNode("/config", "port=2181"u8.ToArray(), Acl.ReadAclUnsafe, new PersistedStat(5, 7, 1_700_000_000_000, 1_700_000_000_500, 2, 0, 0, 0x100, 5)),
        ]);

        var (code, output) = Run("snapshot", path, "--data");

        Assert.Equal(0, code);
        Assert.Contains("zxid 0x2a, database id 0, 2 nodes, 1 sessions", output);
        Assert.Contains("session 0x100 timeout=30000ms", output);
        Assert.Contains("/config", output);
        Assert.Contains("czxid=0x5 mzxid=0x7 pzxid=0x5 ctime=2023-11-14T22:13:20.000Z mtime=2023-11-14T22:13:20.500Z", output);
        Assert.Contains("version=2 cversion=0 aversion=0 ephemeralOwner=0x100 dataLength=9 acl=[world:anyone=r]", output);
        Assert.Contains("data=\"port=2181\"", output);
        Assert.Contains("checksum ok", output);
    }

    [Fact]
    public async Task Verify_passes_sound_files_reports_a_torn_tail_and_fails_on_damage()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var script = new TxnScript(seed: 71);
        await LogFixture.WriteAsync(options, script.Next(10));
        new SnapshotWriter(options).Write(10, script.Tree.SnapshotSessions(), script.Tree.SnapshotNodes());

        var (code, output) = Run("verify", dir.LogDir, dir.DataDir);
        Assert.Equal(0, code);
        Assert.Contains("2 files verified, all sound", output);

        var segment = dir.LogSegments().Single();
        var frames = LogFixture.Frames(segment);
        LogFixture.Truncate(segment, frames[^1].Offset + 12);
        (code, output) = Run("verify", dir.LogDir);
        Assert.Equal(0, code);
        Assert.Contains($"torn tail at offset {frames[^1].Offset}", output);

        LogFixture.FlipBit(segment, frames[3].Offset + 30);
        (code, output) = Run("verify", segment);
        Assert.Equal(1, code);
        Assert.Contains("DAMAGED", output);
        Assert.Contains($"byte offset {frames[3].Offset}", output);

        (code, output) = Run("log", segment);
        Assert.Equal(1, code);
        Assert.Contains("zxid 0x3 ", output); // what came before the damage is still shown
        Assert.Contains("DAMAGED", output);
    }

    [Fact]
    public void Bad_usage_fails()
    {
        Assert.NotEqual(0, Run("frobnicate").ExitCode);
        Assert.NotEqual(0, Run("log").ExitCode);
    }
}
