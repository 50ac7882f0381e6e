using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Configuration.Tests.Faults;

/// <summary>
/// The provider against a three-member ensemble: when the member it is connected to (the leader) dies,
/// it moves to another member with its session, and no change made during or after the failover is lost.
/// </summary>
[Collection(ConfigurationCollection.Name)]
public sealed class EnsembleFailoverTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(60);

    [Theory]
    [BothServerKinds]
    public async Task A_leader_failover_loses_no_update(ServerKind kind)
    {
        await using var ensemble = await ZkEnsemble.StartAsync(kind, voters: 3);
        var leader = await ensemble.WaitForLeaderAsync(Election);
        var followers = ensemble.Members.Where(m => m != leader).Select(m => m.ConnectString);
        await using var zk = await ZkTestClients.ConnectAsync(string.Join(",", followers), o => o.SessionTimeout = TimeSpan.FromSeconds(20));
        var root = await ZkTestClients.CreateRootAsync(zk, "failover");
        await zk.CreateAsync($"{root}/Value", "before"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);
        // Whichever member the provider reaches loses it: followers drop their clients while they elect a new leader.
        await using var app = ConfigurationUnderTest.Build($"{leader.ConnectString},{string.Join(",", followers)}", root,
            options => options.SessionTimeout = TimeSpan.FromSeconds(20));
        Assert.Equal("before", app["Value"]);

        await leader.KillAsync();
        await ensemble.WaitForLeaderAsync(Election);
        await zk.SetDataAsync($"{root}/Value", "during-failover"u8.ToArray());
        await zk.CreateAsync($"{root}/Added", "new"u8.ToArray(), Acl.OpenAclUnsafe, CreateMode.Persistent);

        await app.WaitUntilAsync(c => c["Value"] == "during-failover" && c["Added"] == "new", "the changes made around the failover");
        await zk.SetDataAsync($"{root}/Value", "watched-again"u8.ToArray());
        await app.WaitForValueAsync("Value", "watched-again");
    }
}
