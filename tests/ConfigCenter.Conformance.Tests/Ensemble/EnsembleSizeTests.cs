using System.Text;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.ClientHarness;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Ensemble;

/// <summary>
/// Ensembles of 1, 4 and 7 voters (3 and 5 are in <see cref="EnsembleTests"/>): a quorum is a majority of
/// all voters, whatever their number.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class EnsembleSizeTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(90);
    private static readonly IReadOnlyList<Acl> Open = Acl.OpenAclUnsafe;

    [Theory]
    [InlineData(ServerKind.ConfigCenter)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task A_single_voter_with_standalone_disabled_leads_a_quorum_of_one_and_keeps_its_writes(ServerKind kind)
    {
        var options = new ZkServerOptions { TickTimeMs = 200, ExtraConfig = new Dictionary<string, string> { ["standaloneEnabled"] = "false" } };
        await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 1, options: options);
        var only = await ensemble.WaitForLeaderAsync(Election);
        Assert.Equal("leader", await only.TryModeAsync());

        await using (var client = await TestClients.ConnectAsync(only.ConnectString))
        {
            await client.CreateAsync("/alone", "kept"u8.ToArray(), Open);
        }
        await only.KillAsync();
        await only.StartAsync();
        await ensemble.WaitForLeaderAsync(Election);
        await using var reader = await TestClients.ConnectAsync(only.ConnectString);
        Assert.Equal("kept", Encoding.UTF8.GetString((await reader.GetDataAsync("/alone")).Data));
    }

    [Theory]
    [InlineData(ServerKind.ConfigCenter)]
    [InlineData(ServerKind.ApacheZooKeeper)]
    public async Task Four_voters_serve_with_three_and_stop_with_two(ServerKind kind)
    {
        await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 4);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        if (kind == ServerKind.ConfigCenter)
        {
            Assert.Contains("an odd number is advised", File.ReadAllText(leader.LogFilePath), StringComparison.Ordinal);
        }

        await leader.KillAsync();
        var survivor = await ensemble.WaitForLeaderAsync(Election);
        await using (var client = await TestClients.ConnectAsync(survivor.ConnectString))
        {
            await client.CreateAsync("/three-of-four", null, Open);
        }

        // Two of four is not a majority of all voters, although it is half of them.
        await survivor.KillAsync();
        foreach (var member in ensemble.Members.Where(m => m.IsRunning))
        {
            Assert.Equal(ZkEnsembleMember.NotServingReply, await member.WaitUntilNotServingAsync(Election));
        }
    }

    [Fact]
    public async Task Seven_voters_survive_three_failures_and_stop_serving_at_four()
    {
        await using var ensemble = await ZkEnsemble.StartAsync(ServerKind.ConfigCenter, voters: 7);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        Assert.Contains("zk_synced_followers\t6", await leader.FourLetterWordAsync("mntr"));

        await leader.KillAsync();
        foreach (var follower in ensemble.Members.Where(m => m.IsRunning).Take(2).ToList()) await follower.KillAsync();
        var survivor = await ensemble.WaitForLeaderAsync(Election);
        // Followers killed after this leader was elected count as synced until syncLimit passes without a word.
        Assert.Contains("zk_synced_followers\t3", await survivor.WaitForFourLetterWordAsync("mntr", m => m.Contains("zk_synced_followers\t3", StringComparison.Ordinal), Election));
        await using (var client = await TestClients.ConnectAsync(survivor.ConnectString))
        {
            await client.CreateAsync("/four-of-seven", null, Open);
        }

        await survivor.KillAsync();
        foreach (var member in ensemble.Members.Where(m => m.IsRunning))
        {
            Assert.Equal(ZkEnsembleMember.NotServingReply, await member.WaitUntilNotServingAsync(Election));
        }
    }
}
