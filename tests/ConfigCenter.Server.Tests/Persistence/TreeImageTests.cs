using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Persistence;
using ConfigCenter.Server.Pipeline;
using ConfigCenter.Server.Tests.Configuration;
using ConfigCenter.Storage;
using ConfigCenter.Storage.Snapshots;

namespace ConfigCenter.Server.Tests.Persistence;

/// <summary>Building the tree from a snapshot: links, indexes and shared ACLs, whatever order the nodes come in.</summary>
public class TreeImageTests
{
    private const long Owner = 0x42;
    private static readonly IReadOnlyList<Acl> DigestAcl = [new Acl(Perms.All, new Id("digest", "user:hash"))];

    [Fact]
    public void Children_listed_before_their_parents_are_linked_and_every_index_is_rebuilt()
    {
        using var dir = new TempDirectory();
        // A snapshot copies the tree in dictionary order, so a child may come before its parent (even before the root).
        SnapshotNode[] nodes =
        [
            Node("/app/b", [1, 2, 3], owner: Owner),
            Node("/app", [], cversion: 2),
            Node("/", []),
            Node("/app/a", null, acl: DigestAcl),
            Node("/zookeeper", []),
            Node("/zookeeper/quota", []),
            Node("/zookeeper/config", [], acl: Acl.ReadAclUnsafe),
            Node("/box", [], owner: EphemeralOwners.Container),
            Node("/box/inner", [9], acl: DigestAcl),
        ];

        var (tree, sessions) = Load(dir, nodes, [new SnapshotSession(Owner, 5000)]);

        Assert.Equal(nodes.Length, tree.NodeCount);
        Assert.Equal(["a", "b"], tree.GetNode("/app")!.Children.Order(StringComparer.Ordinal));
        Assert.Equal(["app", "box", "zookeeper"], tree.GetNode("/")!.Children.Order(StringComparer.Ordinal));
        Assert.Equal(["config", "quota"], tree.GetNode("/zookeeper")!.Children.Order(StringComparer.Ordinal));
        Assert.Equal(["inner"], tree.GetNode("/box")!.Children);
        Assert.Equal(2, tree.GetNode("/app")!.ToStat().NumChildren);
        Assert.Equal(["/app/b"], tree.EphemeralsOf(Owner));
        Assert.Equal(["/box"], tree.Containers);
        Assert.Null(tree.GetNode("/app/a")!.Data);
        Assert.Equal(nodes.Sum(n => (long)n.Path.Length + (n.Data?.Length ?? 0)), tree.ApproximateDataSize);
        Assert.Equal(30, tree.LastProcessedZxid);
        Assert.Equal(1, sessions.Count);
    }

    [Fact]
    public void Nodes_with_equal_acls_share_one_list()
    {
        using var dir = new TempDirectory();
        SnapshotNode[] nodes = [Node("/", []), Node("/a", [], acl: DigestAcl), Node("/b", []), Node("/c", [], acl: DigestAcl), Node("/d", [])];

        var (tree, _) = Load(dir, nodes, []);

        Assert.Same(tree.GetNode("/a")!.Acl, tree.GetNode("/c")!.Acl);
        Assert.Same(tree.GetNode("/b")!.Acl, tree.GetNode("/d")!.Acl);
        Assert.Equal(DigestAcl, tree.GetNode("/a")!.Acl);
        Assert.Equal(Acl.OpenAclUnsafe, tree.GetNode("/d")!.Acl);
    }

    [Fact]
    public void A_node_whose_parent_is_missing_is_refused()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<InvalidDataException>(() => Load(dir, [Node("/", []), Node("/gone/child", [])], []));

        Assert.Contains("/gone/child", error.Message);
    }

    [Fact]
    public void Many_nodes_arrive_in_order_across_read_ahead_batches()
    {
        using var dir = new TempDirectory();
        var nodes = new List<SnapshotNode> { Node("/", []), Node("/many", []) };
        for (var i = 0; i < 5000; i++) nodes.Add(Node($"/many/n{i:D5}", BitConverter.GetBytes(i)));

        var (tree, _) = Load(dir, nodes, []);

        Assert.Equal(5000, tree.GetNode("/many")!.ChildCount);
        for (var i = 0; i < 5000; i += 499) Assert.Equal(BitConverter.GetBytes(i), tree.GetNode($"/many/n{i:D5}")!.Data);
    }

    private static RestoredState Load(TempDirectory dir, IReadOnlyCollection<SnapshotNode> nodes, IReadOnlyCollection<SnapshotSession> sessions)
    {
        var options = new StorageOptions { DataDir = dir.Path };
        var path = new SnapshotWriter(options).Write(30, sessions, nodes);
        using var reader = SnapshotReader.Open(path);
        return TreeImage.Load(reader, serverId: 1, new ServerTime(0, 0));
    }

    private static SnapshotNode Node(string path, byte[]? data, long owner = 0, int cversion = 0, IReadOnlyList<Acl>? acl = null) =>
        new(path, data, acl ?? Acl.OpenAclUnsafe, new PersistedStat(1, 2, 3, 4, 0, cversion, 0, owner, 5));
}
