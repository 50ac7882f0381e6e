"""Shared helpers for the kazoo conformance scripts.

A script observes and reports; the C# test asserts. Each script is run as
    /usr/bin/python3 <script> <connect-string> [args...]
and prints exactly one JSON document on stdout. Errors raised by the server are
reported by kazoo exception class name (NoNodeError, BadVersionError, ...).
"""
import json
import sys
import threading
import time
from collections import namedtuple

from kazoo.client import KazooClient
from kazoo.protocol.serialization import (Create, int_struct, long_struct,
                                          read_string, stat_struct,
                                          write_buffer, write_string)
from kazoo.protocol.states import ZnodeStat
from kazoo.security import OPEN_ACL_UNSAFE

WAIT_SECONDS = 15.0


def run(scenario):
    """Calls scenario(hosts, *extra_args) and prints its result as JSON."""
    hosts = sys.argv[1]
    result = scenario(hosts, *sys.argv[2:])
    json.dump(result, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


def connect(hosts, **kwargs):
    client = KazooClient(hosts=hosts, **kwargs)
    client.start(timeout=WAIT_SECONDS)
    return client


def session_id(client):
    return client.client_id[0]


def outcome(action):
    """Runs action and returns "ok" or the name of the exception it raised (kazoo's for server errors)."""
    try:
        action()
        return "ok"
    except Exception as error:  # noqa: B902 - client-side validation errors are outcomes too
        return type(error).__name__


def stat_dict(stat):
    return None if stat is None else dict(stat._asdict())


def acl_list(acls):
    return [{"perms": a.perms, "scheme": a.id.scheme, "id": a.id.id} for a in acls]


class EventRecorder(object):
    """A watch callback that records events in delivery order and lets the script wait for them."""

    def __init__(self):
        self._events = []
        self._changed = threading.Condition()

    def __call__(self, event):
        with self._changed:
            self._events.append({"type": event.type, "path": event.path, "state": event.state})
            self._changed.notify_all()

    def wait_for(self, count, timeout=WAIT_SECONDS):
        """Waits until at least count events arrived; returns False on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._events) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    @property
    def events(self):
        with self._changed:
            return list(self._events)


def wait_until(condition, timeout=WAIT_SECONDS, interval=0.05):
    """Polls condition until it is true or timeout passes (for server-side timers such as container cleanup)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


# --- Requests kazoo 2.8 lacks: createContainer (opcode 19) and createTTL (opcode 21). ---
# They reuse kazoo's connection and framing; only the request body and the
# Create2-style reply (path + stat) are written here.

CREATE_CONTAINER = 19
CREATE_TTL = 21
FLAG_CONTAINER = 4
FLAG_PERSISTENT_WITH_TTL = 5
FLAG_PERSISTENT_SEQUENTIAL_WITH_TTL = 6


class ExtendedCreate(namedtuple("ExtendedCreate", "type path data acl flags ttl")):

    def serialize(self):
        body = bytearray()
        body.extend(write_string(self.path))
        body.extend(write_buffer(self.data))
        body.extend(int_struct.pack(len(self.acl)))
        for acl in self.acl:
            body.extend(int_struct.pack(acl.perms) + write_string(acl.id.scheme) + write_string(acl.id.id))
        body.extend(int_struct.pack(self.flags))
        if self.ttl is not None:
            body.extend(long_struct.pack(self.ttl))
        return body

    @classmethod
    def deserialize(cls, data, offset):
        path, offset = read_string(data, offset)
        return path, ZnodeStat._make(stat_struct.unpack_from(data, offset))


def _call(client, request):
    result = client.handler.async_result()
    client._call(request, result)
    return result.get(timeout=WAIT_SECONDS)


def create_unnormalized(client, path, data=b""):
    """A plain create with the path sent verbatim (kazoo's create() would normalize "//" and refuse ".")."""
    return _call(client, Create(path, data, OPEN_ACL_UNSAFE, 0))


def create_container(client, path, data=b""):
    return _call(client, ExtendedCreate(CREATE_CONTAINER, path, data, OPEN_ACL_UNSAFE, FLAG_CONTAINER, None))


def create_ttl(client, path, ttl_ms, data=b"", sequential=False, flags=None):
    if flags is None:
        flags = FLAG_PERSISTENT_SEQUENTIAL_WITH_TTL if sequential else FLAG_PERSISTENT_WITH_TTL
    return _call(client, ExtendedCreate(CREATE_TTL, path, data, OPEN_ACL_UNSAFE, flags, ttl_ms))
