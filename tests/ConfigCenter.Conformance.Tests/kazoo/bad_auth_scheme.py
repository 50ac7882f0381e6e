"""add_auth with a scheme the server does not know fails and ends the session (AuthFailed)."""
from kazoo.exceptions import KazooException

from conformance import connect, run


def scenario(hosts):
    client = connect(hosts)
    healthy = connect(hosts)
    try:
        try:
            client.add_auth("nosuchscheme", "whatever")
            add_auth = "ok"
        except KazooException as error:
            add_auth = type(error).__name__
        return {
            "add_auth": add_auth,
            "client_state": client.state,
            "other_clients_unaffected": healthy.exists("/zookeeper") is not None,
        }
    finally:
        client.stop()
        client.close()
        healthy.stop()


run(scenario)
