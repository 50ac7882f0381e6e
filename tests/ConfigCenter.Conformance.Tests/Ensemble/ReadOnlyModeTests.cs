using System.Text;
using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.ClientHarness;
using ConfigCenter.Testing.Raw;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Ensemble;

/// <summary>readonlymode.enabled: a member cut off from the majority serves reads to clients that accept it, never writes.</summary>
[Collection(ServerProcessCollection.Name)]
public sealed class ReadOnlyModeTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_member_without_a_majority_serves_reads_only_to_read_only_clients_until_the_quorum_returns()
    {
        var options = new ZkServerOptions { TickTimeMs = 200, ExtraConfig = new Dictionary<string, string> { ["readonlymode.enabled"] = "true" } };
        await using var ensemble = await ZkEnsemble.StartAsync(ServerKind.ConfigCenter, voters: 3, options: options);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        await using (var writer = await TestClients.ConnectAsync(leader.ConnectString))
        {
            await writer.CreateAsync("/kept", "value"u8.ToArray(), Acl.OpenAclUnsafe);
        }
        var survivor = ensemble.Members.First(m => m != leader);
        foreach (var member in ensemble.Members.Where(m => m != survivor).ToList()) await member.KillAsync();
        await survivor.WaitForFourLetterWordAsync("isro", reply => reply == "ro", Election);
        Assert.Contains("Mode: read-only", await survivor.FourLetterWordAsync("srvr"));

        await using var reader = await TestClients.ConnectAsync(survivor.ConnectString, o => o.CanBeReadOnly = true);
        Assert.Equal(ConnectionState.ReadOnly, reader.CurrentState);
        Assert.Equal("value", Encoding.UTF8.GetString((await reader.GetDataAsync("/kept")).Data));
        await Assert.ThrowsAsync<NotReadOnlyException>(() => reader.CreateAsync("/refused", null, Acl.OpenAclUnsafe));
        // A client that insists on a read-write server is not served.
        await Assert.ThrowsAsync<TimeoutException>(() => TestClients.ConnectAsync(survivor.ConnectString, o => o.ConnectionTimeout = TimeSpan.FromSeconds(2)));

        // With the majority back, read-only service ends and the client reconnects read-write.
        using var changes = reader.SubscribeToStateChanges();
        await leader.StartAsync();
        await survivor.WaitForFourLetterWordAsync("isro", reply => reply == "rw", Election);
        using var timeout = new CancellationTokenSource(TestTimeouts.Event * 2);
        await foreach (var change in changes.ReadAllAsync(timeout.Token))
        {
            if (change.Current == ConnectionState.Connected) break;
        }
        await reader.CreateAsync("/written-after", null, Acl.OpenAclUnsafe);
        Assert.NotNull(await reader.ExistsAsync("/written-after"));
    }

    [Fact]
    public async Task A_read_only_session_abandoned_on_a_cut_off_member_expires_there()
    {
        var options = new ZkServerOptions { TickTimeMs = 200, ExtraConfig = new Dictionary<string, string> { ["readonlymode.enabled"] = "true" } };
        await using var ensemble = await ZkEnsemble.StartAsync(ServerKind.ConfigCenter, voters: 3, options: options);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        var survivor = ensemble.Members.First(m => m != leader);
        foreach (var member in ensemble.Members.Where(m => m != survivor).ToList()) await member.KillAsync();
        await survivor.WaitForFourLetterWordAsync("isro", reply => reply == "ro", Election);

        var abandoned = await RawZkConnection.ConnectAsync(survivor.ClientPort, sessionTimeoutMs: 1_000, readOnly: true);
        var session = abandoned.Session!;
        var listed = $"0x{session.SessionId:x}\t";
        Assert.Contains(listed, await survivor.FourLetterWordAsync("dump"));
        await abandoned.DisposeAsync();

        await survivor.WaitForFourLetterWordAsync("dump", dump => !dump.Contains(listed, StringComparison.Ordinal), Election);
        await using var resume = await RawZkConnection.OpenAsync(survivor.ClientPort);
        // The expired session cannot be resumed: the member hands out a new read-only session instead.
        var answer = await resume.HandshakeAsync(new ConnectRequest(0, 0, 1_000, session.SessionId, session.Password, true));
        Assert.NotEqual(session.SessionId, answer.SessionId);
    }
}
