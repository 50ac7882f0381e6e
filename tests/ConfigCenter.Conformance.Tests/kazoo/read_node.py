"""Reads one node's data through whichever ensemble member kazoo reaches (after a sync)."""
from conformance import connect, run


def scenario(hosts, path):
    client = connect(hosts)
    try:
        client.sync(path)
        data, stat = client.get(path)
        return {"data": data.decode(), "version": stat.version}
    finally:
        client.stop()
        client.close()


run(scenario)
