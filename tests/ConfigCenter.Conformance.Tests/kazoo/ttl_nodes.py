"""TTL nodes (createTTL, opcode 21): deleted once unmodified for ttl ms and childless; argument checks."""
from conformance import (FLAG_CONTAINER, connect, create_ttl, outcome, run,
                         stat_dict, wait_until)


def scenario(hosts):
    client = connect(hosts)
    try:
        path, created_stat = create_ttl(client, "/ttl", 300, b"t")
        sequential_path, _ = create_ttl(client, "/ttl-seq-", 300, sequential=True)
        long_lived, _ = create_ttl(client, "/ttl-long", 3600 * 1000)
        removed = wait_until(lambda: client.exists("/ttl") is None and client.exists(sequential_path) is None)
        return {
            "path": path,
            "sequential_path": sequential_path,
            "created_stat": stat_dict(created_stat),
            "removed_after_ttl": removed,
            "long_lived_present": client.exists(long_lived) is not None,
            "zero_ttl": outcome(lambda: create_ttl(client, "/bad-zero", 0)),
            "negative_ttl": outcome(lambda: create_ttl(client, "/bad-negative", -1)),
            "ttl_with_persistent_flag": outcome(lambda: create_ttl(client, "/bad-flag", 1000, flags=0)),
            "ttl_with_ephemeral_flag": outcome(lambda: create_ttl(client, "/bad-eph", 1000, flags=1)),
            "ttl_with_container_flag": outcome(lambda: create_ttl(client, "/bad-container", 1000, flags=FLAG_CONTAINER)),
        }
    finally:
        client.stop()


run(scenario)
