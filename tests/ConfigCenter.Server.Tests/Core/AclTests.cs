using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Tests.Core;

/// <summary>ACL validation on create/setACL (InvalidACL) and enforcement on every operation (NoAuth).</summary>
public class AclTests
{
    private const string SuperPassword = "admin";
    private static readonly Id Bob = CoreHarness.DigestId("bob", "secret");
    private static readonly IReadOnlyList<Acl> BobOnly = [new Acl(Perms.All, Bob)];

    private readonly CoreHarness _zk = new(new CoreOptions { SuperDigest = CoreHarness.DigestId("super", SuperPassword).Value });
    private readonly RecordingConnection _bob;
    private readonly RecordingConnection _anonymous;

    public AclTests()
    {
        _bob = _zk.Connect();
        _zk.AddAuth(_bob, "digest", "bob:secret").AssertOk();
        _anonymous = _zk.Connect();
    }

    private ReplyOutput CreateWithAcl(RecordingConnection client, string path, IReadOnlyList<Acl> acl) =>
        _zk.Create(client, path, "x", CreateMode.Persistent, acl);

    private static void AssertInvalidAcl(ReplyOutput reply) => reply.AssertError(ErrorCode.InvalidAcl);

    [Fact]
    public void An_empty_acl_is_InvalidACL()
    {
        AssertInvalidAcl(CreateWithAcl(_bob, "/n", []));
        AssertInvalidAcl(_zk.Send(_bob, OpCode.SetAcl, new SetAclRequest("/zookeeper", [], -1)));
        Assert.Null(_zk.Core.Tree.GetNode("/n"));
    }

    [Fact]
    public void The_auth_scheme_without_a_digest_identity_is_InvalidACL_even_with_an_ip_identity()
    {
        Assert.Contains(_anonymous.Identities, id => id.Scheme == "ip");

        AssertInvalidAcl(CreateWithAcl(_anonymous, "/n", Acl.CreatorAllAcl));
        Assert.Null(_zk.Core.Tree.GetNode("/n"));
    }

    [Fact]
    public void The_auth_scheme_expands_to_the_callers_digest_identities()
    {
        CreateWithAcl(_bob, "/n", Acl.CreatorAllAcl).AssertOk();

        var acl = _zk.Send(_bob, OpCode.GetAcl, new GetAclRequest("/n")).BodyAs<GetAclResponse>().Acl;
        Assert.Equal([new Acl(Perms.All, Bob)], acl);
    }

    [Theory]
    [InlineData("digest", "bob")]             // no hash
    [InlineData("digest", "bob:hash:extra")]  // three parts
    [InlineData("digest", "bob:")]            // Java's split drops the trailing empty hash: one part
    [InlineData("digest", ":")]
    [InlineData("digest", "")]
    [InlineData("ip", "not-an-address")]
    [InlineData("ip", "10.0.0.0/33")]
    [InlineData("super", "")]                 // no provider for super
    [InlineData("sasl", "bob")]               // no provider configured
    [InlineData("world", "someone")]          // only world:anyone is valid
    public void A_malformed_or_unknown_id_is_InvalidACL(string scheme, string id)
    {
        AssertInvalidAcl(CreateWithAcl(_bob, "/n", [new Acl(Perms.All, new Id(scheme, id))]));
        Assert.Null(_zk.Core.Tree.GetNode("/n"));
    }

    [Theory]
    [InlineData("ip", "10.1.2.3")]
    [InlineData("ip", "10.0.0.0/8")]
    [InlineData("digest", "carol:aGFzaA==")]
    [InlineData("digest", "carol:aGFzaA==:")]  // Java's split drops the trailing empty part: two parts
    [InlineData("digest", ":aGFzaA==")]        // an empty user is still two parts
    public void Well_formed_ids_are_accepted(string scheme, string id)
    {
        CreateWithAcl(_bob, "/n", [new Acl(Perms.All, new Id(scheme, id))]).AssertOk();
    }

    [Fact]
    public void Duplicate_acl_entries_are_stored_once()
    {
        CreateWithAcl(_bob, "/n", [new Acl(Perms.All, Id.Anyone), new Acl(Perms.All, Id.Anyone)]).AssertOk();

        Assert.Equal(Acl.OpenAclUnsafe, _zk.Send(_bob, OpCode.GetAcl, new GetAclRequest("/n")).BodyAs<GetAclResponse>().Acl);
    }

    [Fact]
    public void A_digest_protected_node_refuses_an_unauthenticated_client_with_NoAuth()
    {
        CreateWithAcl(_bob, "/secret", BobOnly).AssertOk();
        var before = _zk.TreeSnapshot();

        _zk.GetData(_anonymous, "/secret").AssertError(ErrorCode.NoAuth);
        _zk.GetChildren(_anonymous, "/secret").AssertError(ErrorCode.NoAuth);
        _zk.Send(_anonymous, OpCode.GetAcl, new GetAclRequest("/secret")).AssertError(ErrorCode.NoAuth);
        _zk.SetData(_anonymous, "/secret", "y").AssertError(ErrorCode.NoAuth);
        _zk.Send(_anonymous, OpCode.SetAcl, new SetAclRequest("/secret", Acl.OpenAclUnsafe, -1)).AssertError(ErrorCode.NoAuth);
        _zk.Create(_anonymous, "/secret/child").AssertError(ErrorCode.NoAuth);

        Assert.Equal(before, _zk.TreeSnapshot());
    }

    [Fact]
    public void Delete_needs_the_delete_permission_on_the_parent_not_on_the_node()
    {
        CreateWithAcl(_bob, "/locked", [new Acl(Perms.All & ~Perms.Delete, Id.Anyone)]).AssertOk();
        CreateWithAcl(_bob, "/locked/child", BobOnly).AssertOk();
        CreateWithAcl(_bob, "/open", Acl.OpenAclUnsafe).AssertOk();
        CreateWithAcl(_bob, "/open/child", BobOnly).AssertOk();

        _zk.Delete(_bob, "/locked/child").AssertError(ErrorCode.NoAuth);
        _zk.Delete(_anonymous, "/open/child").AssertOk();
    }

    [Fact]
    public void The_parents_acl_is_checked_before_the_node_itself_is_looked_up()
    {
        // PrepRequestProcessor checks CREATE/DELETE on the parent first: NoAuth wins over NodeExists and NoNode.
        CreateWithAcl(_bob, "/locked", [new Acl(Perms.Read, Id.Anyone), new Acl(Perms.All, Bob)]).AssertOk();
        CreateWithAcl(_bob, "/locked/child", Acl.OpenAclUnsafe).AssertOk();

        _zk.Create(_anonymous, "/locked/child").AssertError(ErrorCode.NoAuth);
        _zk.Delete(_anonymous, "/locked/missing").AssertError(ErrorCode.NoAuth);
    }

    [Fact]
    public void SetData_looks_the_node_up_before_checking_its_acl()
    {
        _zk.SetData(_anonymous, "/missing", "x").AssertError(ErrorCode.NoNode);
    }

    [Fact]
    public void The_acl_is_validated_before_the_parent_is_looked_up()
    {
        AssertInvalidAcl(CreateWithAcl(_anonymous, "/missing/child", []));
    }

    [Fact]
    public void Check_needs_the_read_permission()
    {
        CreateWithAcl(_bob, "/secret", BobOnly).AssertOk();

        var reply = _zk.Send(_anonymous, OpCode.Multi, new MultiRequest([new MultiOp(OpCode.Check, new CheckVersionRequest("/secret", 0))]));

        Assert.Equal(MultiResult.Error(ErrorCode.NoAuth), Assert.Single(reply.BodyAs<MultiResponse>().Results));
    }

    [Fact]
    public void After_addAuth_with_the_right_digest_the_node_is_accessible()
    {
        CreateWithAcl(_bob, "/secret", BobOnly).AssertOk();
        _zk.GetData(_anonymous, "/secret").AssertError(ErrorCode.NoAuth);

        _zk.AddAuth(_anonymous, "digest", "bob:secret").AssertOk();

        Assert.Equal(CoreHarness.Bytes("x"), _zk.GetData(_anonymous, "/secret").BodyAs<GetDataResponse>().Data);
        _zk.SetData(_anonymous, "/secret", "y").AssertOk();
    }

    [Fact]
    public void AddAuth_with_a_wrong_password_succeeds_but_grants_nothing()
    {
        CreateWithAcl(_bob, "/secret", BobOnly).AssertOk();

        _zk.AddAuth(_anonymous, "digest", "bob:wrong").AssertOk();

        _zk.GetData(_anonymous, "/secret").AssertError(ErrorCode.NoAuth);
        Assert.False(_anonymous.IsClosed);
    }

    [Fact]
    public void The_super_digest_bypasses_every_acl()
    {
        CreateWithAcl(_bob, "/secret", [new Acl(Perms.Read, Bob)]).AssertOk();
        _zk.AddAuth(_anonymous, "digest", "super:" + SuperPassword).AssertOk();

        _zk.SetData(_anonymous, "/secret", "y").AssertOk();
        _zk.Create(_anonymous, "/secret/child").AssertOk();
        Assert.Contains(new Id("super", ""), _anonymous.Identities);
    }

    [Fact]
    public void A_client_with_read_but_not_admin_sees_digest_hashes_masked_in_getAcl()
    {
        CreateWithAcl(_bob, "/n", [new Acl(Perms.Read, Id.Anyone), new Acl(Perms.All, Bob)]).AssertOk();

        var masked = _zk.Send(_anonymous, OpCode.GetAcl, new GetAclRequest("/n")).BodyAs<GetAclResponse>().Acl;
        var full = _zk.Send(_bob, OpCode.GetAcl, new GetAclRequest("/n")).BodyAs<GetAclResponse>().Acl;

        Assert.Equal([new Acl(Perms.Read, Id.Anyone), new Acl(Perms.All, new Id("digest", "bob:x"))], masked);
        Assert.Equal([new Acl(Perms.Read, Id.Anyone), new Acl(Perms.All, Bob)], full);
    }

    [Fact]
    public void An_ip_acl_matches_the_connections_address()
    {
        var local = _zk.Connect(address: "10.1.2.3");
        var other = _zk.Connect(address: "192.168.0.1");
        CreateWithAcl(_bob, "/lan", [new Acl(Perms.All, new Id("ip", "10.0.0.0/8"))]).AssertOk();

        _zk.GetData(local, "/lan").AssertOk();
        _zk.GetData(other, "/lan").AssertError(ErrorCode.NoAuth);
    }

    [Fact]
    public void Exists_of_a_missing_node_needs_no_permission()
    {
        CreateWithAcl(_bob, "/secret", BobOnly).AssertOk();

        _zk.Exists(_anonymous, "/secret/missing").AssertError(ErrorCode.NoNode);
    }

    [Fact]
    public void The_read_only_config_node_refuses_writes()
    {
        _zk.SetData(_anonymous, "/zookeeper/config", "x").AssertError(ErrorCode.NoAuth);
        _zk.GetData(_anonymous, "/zookeeper/config").AssertOk();
    }
}
