using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Durability;

/// <summary>
/// A torn tail (a crash mid-write) is cut and the server starts; damage before the tail stops the
/// server with a message naming the file and the offset, and never loses records silently.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class CorruptionTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_torn_last_record_is_cut_and_everything_before_it_is_kept()
    {
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter);
        await WriteNodesAsync(server, 20);
        await server.KillAsync();

        var log = SingleLogSegment(server);
        var end = EndOfWrittenData(log);
        using (var file = File.OpenWrite(log)) file.SetLength(end - 5);

        await server.RestartAsync();
        await using var client = await RawZkConnection.ConnectAsync(server.ClientPort);
        var children = (await client.SendAsync(OpCode.GetChildren, new GetChildrenRequest("/n", false))).BodyAs<GetChildrenResponse>().Children;
        // The last create was torn away; the 19 before it are intact.
        Assert.Equal(19, children.Count);
        Assert.Contains("recovery repaired", server.ReadLogTail(200), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_flipped_bit_inside_the_log_stops_startup_naming_the_file_and_offset()
    {
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter);
        await WriteNodesAsync(server, 20);
        await server.KillAsync();

        var log = SingleLogSegment(server);
        FlipByte(log, offset: 200);

        Assert.Equal(1, await server.StartExpectingExitAsync(ExitTimeout));
        var output = server.ReadLogTail(20);
        Assert.Contains("Refusing to start", output);
        Assert.Contains(Path.GetFileName(log), output);
        Assert.Contains("offset", output);
    }

    [Fact]
    public async Task A_damaged_snapshot_stops_startup_unless_falling_back_is_allowed()
    {
        var options = new ZkServerOptions { ExtraConfig = new Dictionary<string, string> { ["snapCount"] = "10" } };
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter, options);
        await WriteNodesAsync(server, 40);
        await server.KillAsync();

        var snapshots = Directory.GetFiles(server.DataDirectory, "snapshot.*").Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Order().ToList();
        Assert.NotEmpty(snapshots);
        FlipByte(snapshots[^1], offset: new FileInfo(snapshots[^1]).Length / 2);

        Assert.Equal(1, await server.StartExpectingExitAsync(ExitTimeout));
        Assert.Contains(Path.GetFileName(snapshots[^1]), server.ReadLogTail(20));

        File.AppendAllText(server.ConfigFilePath, "snapshot.allowFallback=true\n");
        await server.RestartAsync();
        await using var client = await RawZkConnection.ConnectAsync(server.ClientPort);
        var children = (await client.SendAsync(OpCode.GetChildren, new GetChildrenRequest("/n", false))).BodyAs<GetChildrenResponse>().Children;
        Assert.Equal(40, children.Count);
    }

    /// <summary>Creates /n and then <paramref name="count"/> children under it, the last write being the last child.</summary>
    private static async Task WriteNodesAsync(IZkServerUnderTest server, int count)
    {
        await using var client = await RawZkConnection.ConnectAsync(server.ClientPort);
        Assert.Equal(ErrorCode.Ok, (await client.SendAsync(OpCode.Create, new CreateRequest("/n", null, Acl.OpenAclUnsafe, 0))).Err);
        for (var i = 1; i <= count; i++)
        {
            var reply = await client.SendAsync(OpCode.Create, new CreateRequest($"/n/{i:D4}", new byte[64], Acl.OpenAclUnsafe, 0));
            Assert.Equal(ErrorCode.Ok, reply.Err);
        }
    }

    private static string SingleLogSegment(IZkServerUnderTest server) =>
        Assert.Single(Directory.GetFiles(server.DataDirectory, "log.*"));

    /// <summary>Segments are preallocated with zeros: the written data ends at the last non-zero byte.</summary>
    private static long EndOfWrittenData(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var last = Array.FindLastIndex(bytes, b => b != 0);
        return last + 1;
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x10));
    }
}
