"""The error codes clients see for the common mistakes."""
from conformance import connect, create_unnormalized, outcome, run


def scenario(hosts):
    client = connect(hosts)
    try:
        client.create("/exists")
        client.create("/parent/child", makepath=True)
        client.create("/ephemeral", ephemeral=True)
        return {
            "create_existing": outcome(lambda: client.create("/exists")),
            "create_without_parent": outcome(lambda: client.create("/missing/child")),
            "create_under_ephemeral": outcome(lambda: client.create("/ephemeral/child")),
            # Malformed paths, sent verbatim.
            "create_double_slash": outcome(lambda: create_unnormalized(client, "/exists//child")),
            "create_dot_segment": outcome(lambda: create_unnormalized(client, "/exists/.")),
            "create_dot_dot_segment": outcome(lambda: create_unnormalized(client, "/exists/..")),
            "create_trailing_slash": outcome(lambda: create_unnormalized(client, "/exists/")),
            "create_trailing_slash_missing_parent": outcome(lambda: create_unnormalized(client, "/exists/child/")),
            "create_relative": outcome(lambda: create_unnormalized(client, "relative")),
            "create_null_path": outcome(lambda: create_unnormalized(client, "")),
            "create_nul_char": outcome(lambda: create_unnormalized(client, "/exists/a\u0000b")),
            "delete_missing": outcome(lambda: client.delete("/missing")),
            "delete_not_empty": outcome(lambda: client.delete("/parent")),
            "delete_root": outcome(lambda: client.delete("/")),
            "delete_zookeeper": outcome(lambda: client.delete("/zookeeper")),
            "get_missing": outcome(lambda: client.get("/missing")),
            "set_missing": outcome(lambda: client.set("/missing", b"x")),
            "children_missing": outcome(lambda: client.get_children("/missing")),
            "exists_missing": client.exists("/missing") is None,
            "parent_still_there": client.exists("/parent/child") is not None,
        }
    finally:
        client.stop()


run(scenario)
