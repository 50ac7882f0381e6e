"""createTTL against a server without extendedTypesEnabled."""
from conformance import connect, create_ttl, outcome, run


def scenario(hosts):
    client = connect(hosts)
    try:
        return {
            "create_ttl": outcome(lambda: create_ttl(client, "/ttl", 1000)),
            "exists_after": client.exists("/ttl") is not None,
        }
    finally:
        client.stop()


run(scenario)
