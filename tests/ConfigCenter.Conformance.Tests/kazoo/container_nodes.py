"""Container nodes (createContainer, opcode 19): removed by the server once their last child is deleted."""
from conformance import connect, create_container, run, stat_dict, wait_until


def scenario(hosts):
    client = connect(hosts)
    try:
        path, created_stat = create_container(client, "/container")
        # Created before the cleanup below, so the pass that removes /container has seen it too.
        create_container(client, "/never-used")
        client.create("/container/child")
        present_with_child = client.exists("/container") is not None
        client.delete("/container/child")
        # Cleanup runs on the server's container-check timer: poll for it, bounded.
        removed = wait_until(lambda: client.exists("/container") is None)
        return {
            "path": path,
            "created_stat": stat_dict(created_stat),
            "present_with_child": present_with_child,
            "removed_after_last_child": removed,
            "never_used_still_present": client.exists("/never-used") is not None,
        }
    finally:
        client.stop()


run(scenario)
