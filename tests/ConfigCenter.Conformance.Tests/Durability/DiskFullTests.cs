using System.Diagnostics;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Durability;

/// <summary>
/// A full disk: writes fail to the client with an error, reads keep working, nothing half-written
/// is acknowledged, and writing resumes once space returns. The data directory is a small tmpfs,
/// which needs root, as test.sh and CI run.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class DiskFullTests
{
    [Fact]
    public async Task Writes_fail_while_the_disk_is_full_reads_go_on_and_writing_resumes_when_space_returns()
    {
        await using var mount = await SmallFileSystem.MountAsync(megabytes: 4);
        var options = new ZkServerOptions
        {
            DataDirectory = mount.Path,
            // Small preallocation chunks, so the log needs new space often and meets the full disk quickly.
            ExtraConfig = new Dictionary<string, string> { ["preAllocSize"] = "16" },
        };
        await using var server = await ZkServers.StartAsync(ServerKind.ConfigCenter, options);
        await using var client = await RawZkConnection.ConnectAsync(server.ClientPort);
        Assert.Equal(ErrorCode.Ok, (await client.SendAsync(OpCode.Create, new CreateRequest("/kept", "before"u8.ToArray(), Acl.OpenAclUnsafe, 0))).Err);

        var filler = Path.Combine(mount.Path, "filler");
        FillUntilFull(filler);

        var acknowledged = new List<string>();
        ErrorCode failure = ErrorCode.Ok;
        for (var i = 0; i < 200 && failure == ErrorCode.Ok; i++)
        {
            var path = $"/full-{i}";
            var reply = await client.SendAsync(OpCode.Create, new CreateRequest(path, new byte[8 * 1024], Acl.OpenAclUnsafe, 0));
            if (reply.Err == ErrorCode.Ok) acknowledged.Add(path);
            failure = reply.Err;
        }
        Assert.Equal(ErrorCode.SystemError, failure);

        var read = await client.SendAsync(OpCode.GetData, new GetDataRequest("/kept", false));
        Assert.Equal("before"u8.ToArray(), read.BodyAs<GetDataResponse>().Data);

        File.Delete(filler);
        var after = await client.SendAsync(OpCode.Create, new CreateRequest("/after", "space came back"u8.ToArray(), Acl.OpenAclUnsafe, 0));
        Assert.Equal(ErrorCode.Ok, after.Err);

        await server.KillAsync();
        await server.RestartAsync();
        await using var reader = await RawZkConnection.ConnectAsync(server.ClientPort);
        foreach (var path in acknowledged.Append("/after").Append("/kept"))
            Assert.Equal(ErrorCode.Ok, (await reader.SendAsync(OpCode.Exists, new ExistsRequest(path, false))).Err);
    }

    private static void FillUntilFull(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full now.
        }
    }

    /// <summary>A size-limited tmpfs in a temp directory, unmounted on dispose.</summary>
    private sealed class SmallFileSystem : IAsyncDisposable
    {
        private SmallFileSystem(string path) => Path = path;

        public string Path { get; }

        public static async Task<SmallFileSystem> MountAsync(int megabytes)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "configcenter-tests", "tmpfs-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(path);
            var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
            Assert.True(code == 0, $"mounting a tmpfs for the disk-full test failed (it needs root, as test.sh runs): {output}");
            return new SmallFileSystem(path);
        }

        public async ValueTask DisposeAsync()
        {
            await RunAsync("umount", "-l", Path);
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }

        private static async Task<(int Code, string Output)> RunAsync(string fileName, params string[] arguments)
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
    }
}
