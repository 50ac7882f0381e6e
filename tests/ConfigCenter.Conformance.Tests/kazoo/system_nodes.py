"""The tree a fresh server starts with, and sync."""
from conformance import connect, run, stat_dict


def scenario(hosts):
    client = connect(hosts)
    try:
        root_data, root_stat = client.get("/")
        quota_data, quota_stat = client.get("/zookeeper/quota")
        root_children = sorted(client.get_children("/"))
        client.create("/synced", b"x")
        return {
            "root_children": root_children,
            "root_data_length": len(root_data),
            "root_stat": stat_dict(root_stat),
            "zookeeper_children": sorted(client.get_children("/zookeeper")),
            "zookeeper_stat": stat_dict(client.exists("/zookeeper")),
            "quota_exists": quota_stat is not None,
            "quota_data_length": len(quota_data),
            "sync_root": client.sync("/"),
            "sync_node": client.sync("/synced"),
            "sync_missing": client.sync("/does-not-exist"),
        }
    finally:
        client.stop()


run(scenario)
