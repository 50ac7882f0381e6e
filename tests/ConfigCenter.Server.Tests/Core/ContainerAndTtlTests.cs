using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>
/// The periodic clean-up (ZooKeeper's ContainerManager): containers go once their last child is
/// gone, TTL nodes once they are childless and unchanged for longer than their TTL.
/// </summary>
public class ContainerAndTtlTests
{
    private const int CheckIntervalMs = 1_000;
    private const long TtlMs = 5_000;

    private readonly CoreHarness _zk = new(new CoreOptions { ExtendedTypesEnabled = true, ContainerCheckIntervalMs = CheckIntervalMs });
    private readonly RecordingConnection _client;

    public ContainerAndTtlTests()
    {
        _client = _zk.Connect(CoreHarness.DefaultSessionTimeoutMs);
    }

    private ReplyOutput CreateContainer(string path) =>
        _zk.Send(_client, OpCode.CreateContainer, new CreateRequest(path, [], Acl.OpenAclUnsafe, (int)CreateMode.Container));

    private ReplyOutput CreateTtl(string path, long ttl = TtlMs, CreateMode mode = CreateMode.PersistentWithTtl) =>
        _zk.Send(_client, OpCode.CreateTtl, new CreateRequest(path, [], Acl.OpenAclUnsafe, (int)mode, ttl));

    /// <summary>Lets one full check interval pass, keeping the client's session alive.</summary>
    private void RunCheck()
    {
        _zk.AdvanceAndTick(CheckIntervalMs);
        _zk.Send(_client, OpCode.Ping);
    }

    [Fact]
    public void A_container_that_never_had_children_stays()
    {
        CreateContainer("/c").AssertOk();

        RunCheck();
        RunCheck();

        Assert.NotNull(_zk.Core.Tree.GetNode("/c"));
    }

    [Fact]
    public void A_container_with_children_stays()
    {
        CreateContainer("/c").AssertOk();
        _zk.Create(_client, "/c/child").AssertOk();

        RunCheck();

        Assert.NotNull(_zk.Core.Tree.GetNode("/c"));
    }

    [Fact]
    public void A_container_is_removed_on_the_check_after_its_last_child_is_deleted()
    {
        CreateContainer("/c").AssertOk();
        _zk.Create(_client, "/c/a").AssertOk();
        _zk.Create(_client, "/c/b").AssertOk();
        _zk.Delete(_client, "/c/a").AssertOk();
        RunCheck();
        Assert.NotNull(_zk.Core.Tree.GetNode("/c"));

        _zk.Delete(_client, "/c/b").AssertOk();
        var lastZxid = _zk.LastZxid;
        RunCheck();

        Assert.Null(_zk.Core.Tree.GetNode("/c"));
        Assert.DoesNotContain("/c", _zk.Core.Tree.Containers);
        Assert.Equal(lastZxid + 1, _zk.LastZxid);
        Assert.Equal(lastZxid + 1, _zk.StatOf(_client, "/").Pzxid);
    }

    [Fact]
    public void Nothing_is_removed_before_the_check_interval_has_passed()
    {
        CreateContainer("/c").AssertOk();
        _zk.Create(_client, "/c/a").AssertOk();
        _zk.Delete(_client, "/c/a").AssertOk();

        _zk.AdvanceAndTick(CheckIntervalMs / 2);
        Assert.NotNull(_zk.Core.Tree.GetNode("/c"));

        _zk.AdvanceAndTick(CheckIntervalMs / 2);
        Assert.Null(_zk.Core.Tree.GetNode("/c"));
    }

    [Fact]
    public void Removing_a_container_notifies_its_watchers()
    {
        var watcher = _zk.Connect(CoreHarness.DefaultSessionTimeoutMs);
        CreateContainer("/c").AssertOk();
        _zk.Create(_client, "/c/a").AssertOk();
        _zk.Delete(_client, "/c/a").AssertOk();
        _zk.GetData(watcher, "/c", watch: true).AssertOk();
        _zk.GetChildren(watcher, "/", watch: true).AssertOk();
        var mark = watcher.Mark;

        RunCheck();

        Assert.Equal([Ev.Deleted("/c"), Ev.ChildrenChanged("/")], watcher.EventsSince(mark));
    }

    [Fact]
    public void Nested_empty_containers_go_one_level_per_check()
    {
        CreateContainer("/outer").AssertOk();
        CreateContainer("/outer/inner").AssertOk();
        _zk.Create(_client, "/outer/inner/leaf").AssertOk();
        _zk.Delete(_client, "/outer/inner/leaf").AssertOk();

        RunCheck();
        Assert.Null(_zk.Core.Tree.GetNode("/outer/inner"));
        Assert.NotNull(_zk.Core.Tree.GetNode("/outer"));

        RunCheck();
        Assert.Null(_zk.Core.Tree.GetNode("/outer"));
    }

    [Fact]
    public void A_ttl_node_is_removed_once_more_than_its_ttl_has_passed_since_its_mtime()
    {
        CreateTtl("/t").AssertOk();

        _zk.AdvanceAndTick(TtlMs); // exactly the TTL: not yet expired
        Assert.NotNull(_zk.Core.Tree.GetNode("/t"));

        _zk.AdvanceAndTick(CheckIntervalMs);
        Assert.Null(_zk.Core.Tree.GetNode("/t"));
        Assert.DoesNotContain("/t", _zk.Core.Tree.Ttls);
    }

    [Fact]
    public void SetData_on_a_ttl_node_postpones_its_removal()
    {
        CreateTtl("/t").AssertOk();
        _zk.Advance(TtlMs - 1_000);
        _zk.SetData(_client, "/t", "keep").AssertOk();

        _zk.AdvanceAndTick(TtlMs - 1_000);
        Assert.NotNull(_zk.Core.Tree.GetNode("/t"));

        _zk.AdvanceAndTick(2_000);
        Assert.Null(_zk.Core.Tree.GetNode("/t"));
    }

    [Fact]
    public void A_ttl_node_with_children_stays_until_they_are_gone()
    {
        CreateTtl("/t").AssertOk();
        _zk.Create(_client, "/t/child").AssertOk();

        _zk.AdvanceAndTick(TtlMs * 2);
        Assert.NotNull(_zk.Core.Tree.GetNode("/t"));

        _zk.Delete(_client, "/t/child").AssertOk();
        _zk.AdvanceAndTick(CheckIntervalMs);
        Assert.Null(_zk.Core.Tree.GetNode("/t"));
    }

    [Fact]
    public void A_sequential_ttl_node_is_removed_like_any_ttl_node()
    {
        var path = CreateTtl("/q", mode: CreateMode.PersistentSequentialWithTtl).BodyAs<Create2Response>().Path;
        Assert.Equal("/q0000000000", path);

        _zk.AdvanceAndTick(TtlMs + CheckIntervalMs);

        Assert.Null(_zk.Core.Tree.GetNode(path));
    }

    [Fact]
    public void Ttl_expiry_follows_wall_time_and_each_removal_is_a_transaction()
    {
        CreateTtl("/t1", ttl: 1_000).AssertOk();
        CreateTtl("/t2", ttl: 1_000).AssertOk();
        CreateTtl("/long", ttl: 100_000).AssertOk();
        var lastZxid = _zk.LastZxid;

        _zk.AdvanceAndTick(2_000);

        Assert.Null(_zk.Core.Tree.GetNode("/t1"));
        Assert.Null(_zk.Core.Tree.GetNode("/t2"));
        Assert.NotNull(_zk.Core.Tree.GetNode("/long"));
        Assert.Equal(lastZxid + 2, _zk.LastZxid);
    }

    [Fact]
    public void Persistent_and_ephemeral_nodes_are_never_cleaned_up()
    {
        _zk.Create(_client, "/p").AssertOk();
        _zk.Create(_client, "/p/c").AssertOk();
        _zk.Delete(_client, "/p/c").AssertOk();
        _zk.Create(_client, "/e", mode: CreateMode.Ephemeral).AssertOk();

        RunCheck();
        RunCheck();

        Assert.NotNull(_zk.Core.Tree.GetNode("/p"));
        Assert.NotNull(_zk.Core.Tree.GetNode("/e"));
    }
}
