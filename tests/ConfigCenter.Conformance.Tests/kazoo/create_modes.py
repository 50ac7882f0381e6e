"""Plain create in every mode kazoo 2.8 exposes: persistent, ephemeral, sequential, ephemeral sequential."""
from conformance import connect, run, session_id, stat_dict


def scenario(hosts):
    client = connect(hosts)
    try:
        persistent = client.create("/persistent", b"p")
        ephemeral = client.create("/ephemeral", b"e", ephemeral=True)
        client.create("/seq")
        # The sequence suffix is the parent's cversion, so the plain create in between consumes a number.
        sequential = [client.create("/seq/abc", sequence=True), client.create("/seq/abc", sequence=True)]
        client.create("/seq/plain")
        sequential.append(client.create("/seq/abc", sequence=True))
        ephemeral_sequential = client.create("/seq/eph-", b"x", ephemeral=True, sequence=True)
        with_stat = client.create("/with-stat", b"12345", include_data=True)
        # Deletes move cversion but not the sequence counter, which counts creates only.
        client.create("/gaps")
        client.create("/gaps/x")
        client.delete("/gaps/x")
        gaps_cversion_before = client.exists("/gaps").cversion
        after_delete = client.create("/gaps/s", sequence=True)
        root_cversion_before = client.exists("/").cversion
        root_sequential = client.create("/root-seq-", sequence=True)
        return {
            "session_id": session_id(client),
            "persistent": persistent,
            "persistent_stat": stat_dict(client.exists("/persistent")),
            "ephemeral": ephemeral,
            "ephemeral_stat": stat_dict(client.exists("/ephemeral")),
            "sequential": sequential,
            "ephemeral_sequential": ephemeral_sequential,
            "ephemeral_sequential_stat": stat_dict(client.exists(ephemeral_sequential)),
            "seq_children": sorted(client.get_children("/seq")),
            "create2_path": with_stat[0],
            "create2_stat": stat_dict(with_stat[1]),
            "gaps_cversion_before": gaps_cversion_before,
            "sequential_after_delete": after_delete,
            "root_cversion_before": root_cversion_before,
            "root_sequential": root_sequential,
            "create2_stat_matches_exists": stat_dict(with_stat[1]) == stat_dict(client.exists("/with-stat")),
        }
    finally:
        client.stop()


run(scenario)
