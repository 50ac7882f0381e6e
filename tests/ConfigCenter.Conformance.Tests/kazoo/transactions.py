"""multi via kazoo's client.transaction(): all-or-nothing, with per-operation results."""
from kazoo.exceptions import KazooException

from conformance import connect, run, stat_dict


def describe(results):
    described = []
    for result in results:
        if isinstance(result, KazooException):
            described.append({"error": type(result).__name__})
        elif isinstance(result, tuple) and hasattr(result, "_asdict"):
            described.append({"stat": stat_dict(result)})
        else:
            described.append({"value": result})
    return described


def scenario(hosts):
    client = connect(hosts)
    try:
        client.create("/txn")
        ok = client.transaction()
        ok.create("/txn/a", b"1")
        ok.set_data("/txn/a", b"2")
        ok.check("/txn/a", 1)
        ok.create("/txn/seq-", sequence=True)
        ok.create("/txn/b")
        ok.delete("/txn/b")
        succeeded = describe(ok.commit())
        data, stat = client.get("/txn/a")

        failing = client.transaction()
        failing.create("/txn/never")
        failing.set_data("/txn/a", b"3")
        failing.check("/txn/a", 99)
        failing.delete("/txn/a")
        failed = describe(failing.commit())

        exists_conflict = client.transaction()
        exists_conflict.create("/txn/c")
        exists_conflict.create("/txn/a")
        conflict = describe(exists_conflict.commit())

        return {
            "succeeded": succeeded,
            "after_success": {"data": data.decode(), "stat": stat_dict(stat)},
            "failed": failed,
            "never_created": client.exists("/txn/never") is None,
            "data_unchanged": client.get("/txn/a")[0].decode(),
            "conflict": conflict,
            "conflict_rolled_back": client.exists("/txn/c") is None,
            "children": sorted(client.get_children("/txn")),
        }
    finally:
        client.stop()


run(scenario)
