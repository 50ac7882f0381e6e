"""ACLs: digest auth, world:anyone, ip, the "auth" scheme, NoAuth on forbidden operations, bad auth schemes."""
from kazoo.security import (OPEN_ACL_UNSAFE, Permissions, make_acl,
                            make_digest_acl)

from conformance import acl_list, connect, outcome, run, stat_dict


def scenario(hosts):
    creator = connect(hosts)
    stranger = connect(hosts)
    user = connect(hosts, auth_data=[("digest", "user:secret")])
    try:
        result = {}
        user_acl = make_digest_acl("user", "secret", all=True)
        result["digest_acl"] = acl_list([user_acl])

        creator.create("/open")
        result["open_acl"] = acl_list(creator.get_acls("/open")[0])

        # The creator needs no auth to attach an ACL it is not part of, but is then locked out too.
        creator.create("/secret", b"s", acl=[user_acl])
        result["secret_acl_seen_by_user"] = acl_list(user.get_acls("/secret")[0])
        result["stranger"] = {
            "get": outcome(lambda: stranger.get("/secret")),
            "set": outcome(lambda: stranger.set("/secret", b"x")),
            "get_acls": outcome(lambda: stranger.get_acls("/secret")),
            "create_child": outcome(lambda: stranger.create("/secret/child")),
            "get_children": outcome(lambda: stranger.get_children("/secret")),
            "exists": stat_dict(stranger.exists("/secret")) is not None,  # exists needs no permission
        }
        result["creator_get"] = outcome(lambda: creator.get("/secret"))
        result["user_get"] = user.get("/secret")[0].decode()
        result["user_create_child"] = outcome(lambda: user.create("/secret/child"))
        # Deleting a node needs DELETE on its parent, not on the node itself.
        result["stranger_delete_child"] = outcome(lambda: stranger.delete("/secret/child"))

        stranger.add_auth("digest", "user:secret")
        result["stranger_get_after_add_auth"] = stranger.get("/secret")[0].decode()
        wrong_password = connect(hosts, auth_data=[("digest", "user:wrong")])
        result["wrong_password_get"] = outcome(lambda: wrong_password.get("/secret"))
        wrong_password.stop()

        # world:anyone with READ only.
        creator.create("/read-only", b"r", acl=[make_acl("world", "anyone", read=True)])
        result["read_only"] = {
            "get": outcome(lambda: creator.get("/read-only")),
            "set": outcome(lambda: creator.set("/read-only", b"w")),
            "create_child": outcome(lambda: creator.create("/read-only/child")),
            "set_acls": outcome(lambda: creator.set_acls("/read-only", OPEN_ACL_UNSAFE)),
        }

        # READ|CREATE without DELETE: children can be added but not removed.
        creator.create("/no-delete", acl=[make_acl("world", "anyone", read=True, create=True)])
        creator.create("/no-delete/child")
        result["no_delete_child"] = outcome(lambda: creator.delete("/no-delete/child"))

        # ip scheme: the tests connect from 127.0.0.1.
        creator.create("/by-ip", b"ip", acl=[make_acl("ip", "127.0.0.1", read=True)])
        result["ip_get"] = outcome(lambda: creator.get("/by-ip"))
        result["ip_set"] = outcome(lambda: creator.set("/by-ip", b"x"))

        # "auth" means "every identity this session authenticated as"; with none it is invalid.
        result["auth_scheme_without_identity"] = outcome(
            lambda: creator.create("/auth-none", acl=[make_acl("auth", "", all=True)]))
        user.create("/auth-user", acl=[make_acl("auth", "", all=True)])
        result["auth_scheme_stored_as"] = acl_list(user.get_acls("/auth-user")[0])
        result["unknown_scheme_acl"] = outcome(
            lambda: creator.create("/bad-scheme", acl=[make_acl("nosuch", "x", all=True)]))

        # setACL with versions: aversion counts ACL changes.
        creator.create("/versioned")
        result["set_acls_stale"] = outcome(lambda: creator.set_acls("/versioned", [user_acl], version=3))
        result["set_acls_ok"] = stat_dict(creator.set_acls("/versioned", OPEN_ACL_UNSAFE, version=0))
        result["perms_all"] = Permissions.ALL
        return result
    finally:
        creator.stop()
        stranger.stop()
        user.stop()


run(scenario)
