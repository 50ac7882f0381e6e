using System.Text;
using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;
using Xunit.Abstractions;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>
/// Thousands of malformed and mutated inputs over many connections, while a well-behaved client
/// keeps working. Every input must be answered with a ZooKeeper error code or a closed connection,
/// never a hang; afterwards the server must be healthy and the guarded subtree untouched.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class ProtocolFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[] GuardData = "guarded"u8.ToArray();

    private static readonly ZkServerOptions Options = new()
    {
        // Short ticks: fuzz sessions the server dropped expire within seconds instead of piling up.
        TickTimeMs = 250,
        ExtraConfig = new Dictionary<string, string> { ["forceSync"] = "no" },
    };

    [Fact]
    public Task ConfigCenter_survives_fuzzing_and_stays_correct() => FuzzAsync(ServerKind.ConfigCenter);

    /// <summary>The same checks against the reference: proves the expectations are ZooKeeper's own.</summary>
    [Fact]
    public Task Apache_zookeeper_passes_the_same_fuzz_checks() => FuzzAsync(ServerKind.ApacheZooKeeper);

    private async Task FuzzAsync(ServerKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var server = await ZkServers.StartAsync(kind, Options, ct);
        await SessionReadiness.WaitUntilServingAsync(server.ClientPort, ct);

        await using var admin = await RawZkConnection.ConnectAsync(server.ClientPort, ct: ct);
        await PrepareTreeAsync(admin, ct);
        var guardBefore = await SnapshotAsync(admin, FuzzCaseGenerator.GuardRoot, ct);

        var seed = FuzzSettings.Seed;
        using var stopWellBehaved = new CancellationTokenSource();
        var wellBehaved = new WellBehavedClient(server.ClientPort);
        var wellBehavedRun = wellBehaved.RunAsync(stopWellBehaved.Token);
        var perWorker = FuzzSettings.Cases / FuzzSettings.Workers;
        var workers = Enumerable.Range(0, FuzzSettings.Workers).Select(worker =>
        {
            var generator = new FuzzCaseGenerator(seed * 31 + worker);
            var cases = Enumerable.Range(0, perWorker).Select(_ => generator.Next()).ToList();
            return new FuzzWorker(server.ClientPort, toleratesSilentCheck: kind == ServerKind.ApacheZooKeeper).RunAsync(cases, ct);
        }).ToList();
        var verdicts = (await Task.WhenAll(workers)).SelectMany(v => v).ToList();
        await stopWellBehaved.CancelAsync();
        await wellBehavedRun;

        output.WriteLine($"seed {seed}: {verdicts.Count} inputs; answers: " + string.Join(", ",
            verdicts.GroupBy(v => v.Category).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}")));
        output.WriteLine($"well-behaved client completed {wellBehaved.CompletedRounds} rounds");

        var violations = verdicts.Where(v => v.Violation is not null).ToList();
        Assert.True(violations.Count == 0,
            $"{violations.Count} fuzz inputs got a forbidden answer (replay with {FuzzSettings.SeedVariable}={seed}):\n  "
            + string.Join("\n  ", violations.Take(20)));
        Assert.True(wellBehaved.Failures.Count == 0, "the well-behaved client failed: " + string.Join("; ", wellBehaved.Failures));
        Assert.True(wellBehaved.CompletedRounds > 0, "the well-behaved client completed no round while the fuzzer ran");

        await AssertHealthyAsync(server, guardBefore, ct);
    }

    private static async Task PrepareTreeAsync(RawZkConnection admin, CancellationToken ct)
    {
        await Ok(admin, OpCode.Create, new CreateRequest(FuzzCaseGenerator.FuzzRoot, [], Acl.OpenAclUnsafe, 0), ct);
        await Ok(admin, OpCode.Create, new CreateRequest(WellBehavedClient.Root, [], Acl.OpenAclUnsafe, 0), ct);
        // The guard is readable by anyone and writable by no one: no input, however mangled, may change it.
        await Ok(admin, OpCode.Create, new CreateRequest(FuzzCaseGenerator.GuardRoot, GuardData, Acl.OpenAclUnsafe, 0), ct);
        foreach (var child in new[] { "a", "b" })
            await Ok(admin, OpCode.Create, new CreateRequest($"{FuzzCaseGenerator.GuardRoot}/{child}", GuardData, Acl.ReadAclUnsafe, 0), ct);
        await Ok(admin, OpCode.SetAcl, new SetAclRequest(FuzzCaseGenerator.GuardRoot, Acl.ReadAclUnsafe, -1), ct);
    }

    private async Task AssertHealthyAsync(IZkServerUnderTest server, IReadOnlyList<string> guardBefore, CancellationToken ct)
    {
        Assert.Equal("imok", await server.FourLetterWordAsync("ruok", ct));

        await using var probe = await RawZkConnection.ConnectAsync(server.ClientPort, ct: ct);
        var guard = await Ok(probe, OpCode.GetData, new GetDataRequest(FuzzCaseGenerator.GuardRoot, false), ct);
        Assert.Equal(GuardData, guard.BodyAs<GetDataResponse>().Data);
        Assert.Equal(guardBefore, await SnapshotAsync(probe, FuzzCaseGenerator.GuardRoot, ct));

        var created = await Ok(probe, OpCode.Create, new CreateRequest("/after-fuzz", "alive"u8.ToArray(), Acl.OpenAclUnsafe, 0), ct);
        Assert.Equal("/after-fuzz", created.BodyAs<CreateResponse>().Path);
        var read = await Ok(probe, OpCode.GetData, new GetDataRequest("/after-fuzz", false), ct);
        Assert.Equal("alive", Encoding.UTF8.GetString(read.BodyAs<GetDataResponse>().Data ?? []));

        // Whatever the fuzzer managed to create must at least be a legal znode path.
        var everything = await TreeSnapshot.CaptureAsync(probe, "/", _ => "", ct);
        var paths = everything.Select(line => line[..line.IndexOf(' ')]).ToList();
        var illegal = paths.Where(path => !ZkPath.IsValid(path)).ToList();
        output.WriteLine($"tree after fuzzing has {paths.Count} nodes");
        Assert.True(illegal.Count == 0, "nodes with illegal paths exist: " + string.Join(", ", illegal.Select(p => ReplyText(p))));
    }

    private static async Task<IReadOnlyList<string>> SnapshotAsync(RawZkConnection connection, string root, CancellationToken ct)
    {
        var lines = new List<string>(await TreeSnapshot.CaptureAsync(connection, root, node => $"{Convert.ToHexString(node.Data ?? [])} {node.Stat}", ct));
        var acl = await Ok(connection, OpCode.GetAcl, new GetAclRequest(root), ct);
        lines.Add(string.Join(",", acl.BodyAs<GetAclResponse>().Acl));
        return lines;
    }

    private static async Task<RawReply> Ok(RawZkConnection connection, OpCode op, Request request, CancellationToken ct)
    {
        var reply = await connection.SendAsync(op, request, ct: ct);
        Assert.True(reply.Err == ErrorCode.Ok, $"{op} failed: {reply}");
        return reply;
    }

    private static string ReplyText(string path) => string.Concat(path.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
