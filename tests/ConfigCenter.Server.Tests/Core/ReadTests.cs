using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>The read requests' answers: getData, exists, getChildren(2), getAllChildrenNumber, getEphemerals, getACL, sync.</summary>
public class ReadTests
{
    private readonly CoreHarness _zk = new();
    private readonly RecordingConnection _client;

    public ReadTests()
    {
        _client = _zk.Connect();
        _zk.Create(_client, "/p", "parent").AssertOk();
        _zk.Create(_client, "/p/a").AssertOk();
        _zk.Create(_client, "/p/b").AssertOk();
        _zk.Create(_client, "/p/a/deep").AssertOk();
    }

    [Fact]
    public void GetData_answers_with_the_data_and_the_stat_exists_reports()
    {
        var response = _zk.GetData(_client, "/p").BodyAs<GetDataResponse>();

        Assert.Equal(CoreHarness.Bytes("parent"), response.Data);
        Assert.Equal(_zk.StatOf(_client, "/p"), response.Stat);
        Assert.Equal(2, response.Stat.NumChildren);
    }

    [Fact]
    public void GetChildren_lists_the_direct_children_only()
    {
        var children = _zk.GetChildren(_client, "/p").BodyAs<GetChildrenResponse>().Children;

        Assert.Equal(["a", "b"], children.Order());
    }

    [Fact]
    public void GetChildren2_adds_the_parents_stat()
    {
        var response = _zk.Send(_client, OpCode.GetChildren2, new GetChildrenRequest("/p", false)).BodyAs<GetChildren2Response>();

        Assert.Equal(["a", "b"], response.Children.Order());
        Assert.Equal(_zk.StatOf(_client, "/p"), response.Stat);
    }

    [Fact]
    public void The_root_lists_zookeeper_among_its_children()
    {
        var children = _zk.GetChildren(_client, "/").BodyAs<GetChildrenResponse>().Children;

        Assert.Equal(["p", "zookeeper"], children.Order());
        Assert.Equal(["config", "quota"], _zk.GetChildren(_client, "/zookeeper").BodyAs<GetChildrenResponse>().Children.Order());
    }

    [Fact]
    public void GetAllChildrenNumber_counts_every_descendant()
    {
        int Count(string path) => _zk.Send(_client, OpCode.GetAllChildrenNumber, new GetAllChildrenNumberRequest(path))
            .BodyAs<GetAllChildrenNumberResponse>().TotalNumber;

        Assert.Equal(3, Count("/p"));
        Assert.Equal(0, Count("/p/b"));
        // The root counts every node but itself, /zookeeper and its two children included.
        Assert.Equal(4 + 3, Count("/"));
    }

    [Fact]
    public void GetEphemerals_lists_the_sessions_ephemerals_matching_a_plain_string_prefix()
    {
        var other = _zk.Connect();
        _zk.Create(_client, "/p/e1", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Create(_client, "/pe2", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Create(_client, "/q", mode: CreateMode.Ephemeral).AssertOk();
        _zk.Create(other, "/p/theirs", mode: CreateMode.Ephemeral).AssertOk();

        List<string> Ephemerals(string prefix) =>
            [.. _zk.Send(_client, OpCode.GetEphemerals, new GetEphemeralsRequest(prefix)).BodyAs<GetEphemeralsResponse>().Ephemerals.Order()];

        Assert.Equal(["/p/e1", "/pe2", "/q"], Ephemerals("/"));
        Assert.Equal(["/p/e1", "/pe2", "/q"], Ephemerals(""));
        Assert.Equal(["/p/e1", "/pe2"], Ephemerals("/p"));
        Assert.Equal(["/p/e1"], Ephemerals("/p/"));
        Assert.Empty(Ephemerals("/none"));
    }

    [Fact]
    public void Sync_echoes_the_path()
    {
        Assert.Equal(new SyncResponse("/p"), _zk.Send(_client, OpCode.Sync, new SyncRequest("/p")).BodyAs<SyncResponse>());
    }

    [Fact]
    public void GetAcl_answers_with_the_acl_and_the_stat()
    {
        var response = _zk.Send(_client, OpCode.GetAcl, new GetAclRequest("/p")).BodyAs<GetAclResponse>();

        Assert.Equal(Acl.OpenAclUnsafe, response.Acl);
        Assert.Equal(_zk.StatOf(_client, "/p"), response.Stat);
    }

    [Fact]
    public void The_config_node_is_world_readable_only()
    {
        var acl = _zk.Send(_client, OpCode.GetAcl, new GetAclRequest("/zookeeper/config")).BodyAs<GetAclResponse>().Acl;

        Assert.Equal(Acl.ReadAclUnsafe, acl);
    }

    [Fact]
    public void The_system_nodes_have_zero_stats()
    {
        var stat = _zk.StatOf(_client, "/zookeeper");

        Assert.Equal(0, stat.Czxid);
        Assert.Equal(0, stat.Ctime);
        Assert.Equal(0, stat.EphemeralOwner);
        Assert.Equal(2, stat.NumChildren);
    }
}
