"""The super user configured by DigestAuthenticationProvider.superDigest bypasses every ACL."""
import sys

from kazoo.security import make_digest_acl

from conformance import connect, outcome, run


def scenario(hosts, super_password):
    owner = connect(hosts, auth_data=[("digest", "owner:pw")])
    admin = connect(hosts)
    try:
        owner.create("/private", b"p", acl=[make_digest_acl("owner", "pw", all=True)])
        before = outcome(lambda: admin.get("/private"))
        admin.add_auth("digest", "super:" + super_password)
        return {
            "get_before_super_auth": before,
            "get_as_super": admin.get("/private")[0].decode(),
            "set_as_super": outcome(lambda: admin.set("/private", b"changed")),
            "delete_as_super": outcome(lambda: admin.delete("/private")),
        }
    finally:
        owner.stop()
        admin.stop()


run(scenario)
