using System.Text.RegularExpressions;
using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.ZkCliScenarios;

/// <summary>The walkthrough of the design document, typed into Apache's zkCli.</summary>
public sealed partial class DesignDocumentScenarioTests
{
    [Theory, BothServerKinds]
    public async Task Create_set_get_ephemeral_sequential_ls_and_deleteall(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        await using var cli = await ZkCli.StartSessionAsync(server.ConnectString);

        Assert.Equal(["Created /ooxx"], await cli.ExecuteAsync("create /ooxx \"\""));
        Assert.Empty(await cli.ExecuteAsync("set /ooxx \"hello\""));

        var get = await cli.ExecuteAsync("get -s /ooxx");
        Assert.Equal("hello", get[0]);
        // zkCli formats the Stat; the values come from the server. zxid 0x1 went to this session's createSession.
        Assert.Equal(
            ["cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion", "dataVersion", "aclVersion", "ephemeralOwner", "dataLength", "numChildren"],
            get.Skip(1).Select(line => line.Split(" = ")[0]));
        var stat = get.Skip(1).ToDictionary(line => line.Split(" = ")[0], line => line.Split(" = ")[1]);
        Assert.Equal("0x2", stat["cZxid"]);
        Assert.Equal("0x3", stat["mZxid"]);
        Assert.Equal("0x2", stat["pZxid"]);
        Assert.Equal("0", stat["cversion"]);
        Assert.Equal("1", stat["dataVersion"]);
        Assert.Equal("0", stat["aclVersion"]);
        Assert.Equal("0x0", stat["ephemeralOwner"]);
        Assert.Equal("5", stat["dataLength"]);
        Assert.Equal("0", stat["numChildren"]);
        Assert.Matches(DateLine(), stat["ctime"]);

        Assert.Equal(["Created /haha"], await cli.ExecuteAsync("create -e /haha"));
        // The root's sequence counter counts the two creates before: /ooxx and /haha.
        Assert.Equal(["Created /abc0000000002"], await cli.ExecuteAsync("create -s /abc \"\""));
        Assert.Equal(["Created /eph0000000003"], await cli.ExecuteAsync("create -e -s /eph \"\""));
        Assert.Equal(["[abc0000000002, eph0000000003, haha, ooxx, zookeeper]"], await cli.ExecuteAsync("ls /"));

        var ephemeral = await cli.ExecuteAsync("stat /haha");
        Assert.Matches(SessionIdLine(), Assert.Single(ephemeral, line => line.StartsWith("ephemeralOwner", StringComparison.Ordinal)));

        await cli.ExecuteAsync("create /ooxx/child \"c\"");
        Assert.Empty(await cli.ExecuteAsync("deleteall /ooxx"));
        Assert.Equal(["[abc0000000002, eph0000000003, haha, zookeeper]"], await cli.ExecuteAsync("ls /"));
        Assert.Equal(["Node does not exist: /ooxx"], await cli.ExecuteAsync("get /ooxx"));

        Assert.Equal(0, await cli.QuitAsync());
    }

    [Theory]
    [BothServerKinds("stat -w /master")]
    [BothServerKinds("stat /master true")]
    public async Task Watcher_sees_the_master_ephemeral_vanish_when_its_owner_quits(ServerKind kind, string statCommand)
    {
        await using var server = await ZkServers.StartAsync(kind);
        await using var clientA = await ZkCli.StartSessionAsync(server.ConnectString);
        await using var clientB = await ZkCli.StartSessionAsync(server.ConnectString);

        Assert.Equal(["Created /master"], await clientA.ExecuteAsync("create -e /master \"a\""));

        var statOutput = await clientB.ExecuteAsync(statCommand);
        Assert.Contains("dataLength = 1", statOutput);
        Assert.Contains(statOutput, line => SessionIdLine().IsMatch(line));
        var afterWatchSet = clientB.LineCount;

        Assert.Equal(0, await clientA.QuitAsync());

        await clientB.WaitForLineAsync(CliEvents.Line("NodeDeleted", "/master"), afterWatchSet);
        Assert.Equal([CliEvents.Line("NodeDeleted", "/master")], CliEvents.NodeEvents(clientB.Output, afterWatchSet));
        Assert.Equal(["Node does not exist: /master"], await clientB.ExecuteAsync("stat /master"));
    }

    [GeneratedRegex(@"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \w+ \d{4}$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^ephemeralOwner = 0x[1-9a-f][0-9a-f]*$")]
    private static partial Regex SessionIdLine();
}
