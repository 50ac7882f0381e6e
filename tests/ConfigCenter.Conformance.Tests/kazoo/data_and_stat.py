"""get/set/delete with version checks and the Stat fields they move."""
from conformance import connect, outcome, run, stat_dict


def scenario(hosts):
    client = connect(hosts)
    try:
        result = {}
        client.create("/node", b"one")
        data, stat = client.get("/node")
        result["created"] = {"data": data.decode(), "stat": stat_dict(stat)}

        result["set_v0"] = stat_dict(client.set("/node", b"two!", version=0))
        result["set_stale_version"] = outcome(lambda: client.set("/node", b"x", version=0))
        result["set_any_version"] = stat_dict(client.set("/node", b"three", version=-1))
        data, stat = client.get("/node")
        result["after_sets"] = {"data": data.decode(), "stat": stat_dict(stat)}

        client.create("/node/a")
        client.create("/node/b", b"bb")
        result["after_two_children"] = stat_dict(client.exists("/node"))
        result["child_b"] = stat_dict(client.exists("/node/b"))
        client.delete("/node/a")
        result["after_child_delete"] = stat_dict(client.exists("/node"))
        result["children"] = sorted(client.get_children("/node"))
        children, parent_stat = client.get_children("/node", include_data=True)
        result["children2_stat"] = stat_dict(parent_stat)

        client.create("/empty")
        data, stat = client.get("/empty")
        result["empty"] = {"data_length": len(data), "stat": stat_dict(stat)}

        result["delete_stale_version"] = outcome(lambda: client.delete("/node/b", version=5))
        result["delete_current_version"] = outcome(lambda: client.delete("/node/b", version=0))
        result["exists_deleted"] = stat_dict(client.exists("/node/b"))
        result["root_children"] = sorted(client.get_children("/"))
        return result
    finally:
        client.stop()


run(scenario)
