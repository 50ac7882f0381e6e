using System.Security.Cryptography;
using System.Text;
using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class AclTests
{
    // kazoo's make_digest_acl("user", "secret"): base64(sha1("user:secret")).
    private static readonly string UserDigestId = "user:" + Sha1Base64("user:secret");

    [Theory, BothServerKinds]
    public async Task Acls_grant_and_refuse_operations_per_scheme(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("acls.py", server.ConnectString);

        var all = (int)result.Long("perms_all");
        Assert.Equal(31, all);
        AssertSingleAcl(result.At("digest_acl"), all, "digest", UserDigestId);
        AssertSingleAcl(result.At("open_acl"), all, "world", "anyone");
        AssertSingleAcl(result.At("secret_acl_seen_by_user"), all, "digest", UserDigestId);

        var stranger = result.At("stranger");
        foreach (var operation in new[] { "get", "set", "get_acls", "create_child", "get_children" })
        {
            Assert.Equal("NoAuthError", stranger.Str(operation));
        }

        Assert.True(stranger.Bool("exists"), "exists() needs no permission");
        Assert.Equal("NoAuthError", result.Str("creator_get"));
        Assert.Equal("s", result.Str("user_get"));
        Assert.Equal("ok", result.Str("user_create_child"));
        Assert.Equal("NoAuthError", result.Str("stranger_delete_child"));
        Assert.Equal("s", result.Str("stranger_get_after_add_auth"));
        Assert.Equal("NoAuthError", result.Str("wrong_password_get"));

        var readOnly = result.At("read_only");
        Assert.Equal("ok", readOnly.Str("get"));
        Assert.Equal("NoAuthError", readOnly.Str("set"));
        Assert.Equal("NoAuthError", readOnly.Str("create_child"));
        Assert.Equal("NoAuthError", readOnly.Str("set_acls"));
        Assert.Equal("NoAuthError", result.Str("no_delete_child"));

        Assert.Equal("ok", result.Str("ip_get"));
        Assert.Equal("NoAuthError", result.Str("ip_set"));

        Assert.Equal("InvalidACLError", result.Str("auth_scheme_without_identity"));
        AssertSingleAcl(result.At("auth_scheme_stored_as"), all, "digest", UserDigestId);
        Assert.Equal("InvalidACLError", result.Str("unknown_scheme_acl"));

        Assert.Equal("BadVersionError", result.Str("set_acls_stale"));
        var afterSetAcl = result.Stat("set_acls_ok");
        Assert.Equal((1, 0), (afterSetAcl.Aversion, afterSetAcl.Version));
    }

    [Theory, BothServerKinds]
    public async Task Auth_with_an_unknown_scheme_fails_the_session(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("bad_auth_scheme.py", server.ConnectString);

        Assert.Equal("AuthFailedError", result.Str("add_auth"));
        Assert.Equal("LOST", result.Str("client_state"));
        Assert.True(result.Bool("other_clients_unaffected"));
    }

    [Theory, BothServerKinds]
    public async Task Super_digest_user_bypasses_acls(ServerKind kind)
    {
        const string password = "adminpw";
        var options = new ZkServerOptions { SuperDigest = "super:" + Sha1Base64("super:" + password) };
        await using var server = await ZkServers.StartAsync(kind, options);
        var result = await Kazoo.RunAsync("super_digest.py", server.ConnectString, [password]);

        Assert.Equal("NoAuthError", result.Str("get_before_super_auth"));
        Assert.Equal("p", result.Str("get_as_super"));
        Assert.Equal("ok", result.Str("set_as_super"));
        Assert.Equal("ok", result.Str("delete_as_super"));
    }

    private static void AssertSingleAcl(System.Text.Json.JsonElement acls, int perms, string scheme, string id)
    {
        var acl = Assert.Single(acls.EnumerateArray());
        Assert.Equal((perms, scheme, id), ((int)acl.Long("perms"), acl.Str("scheme"), acl.Str("id")));
    }

    private static string Sha1Base64(string text) => Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
