"""Data, child and exists watches: event types, paths, one-shot semantics and delivery order."""
from conformance import EventRecorder, connect, run


def scenario(hosts):
    watcher_client = connect(hosts)
    actor = connect(hosts)
    try:
        result = {}
        actor.create("/w", b"0")

        # Data watch fires once: the second set must not produce a second event. The exists watch on
        # /marker is triggered afterwards; since a client receives events in order, seeing the marker
        # event without a second CHANGED proves the watch was one-shot.
        data_events = EventRecorder()
        watcher_client.get("/w", watch=data_events)
        actor.set("/w", b"1")
        actor.set("/w", b"2")
        watcher_client.exists("/marker", watch=data_events)
        actor.create("/marker")
        data_events.wait_for(2)
        result["data_watch"] = data_events.events

        child_events = EventRecorder()
        watcher_client.get_children("/w", watch=child_events)
        actor.set("/w", b"data changes do not trigger child watches")
        actor.create("/w/c1")
        child_events.wait_for(1)
        result["child_watch"] = child_events.events

        delete_events = EventRecorder()
        watcher_client.get("/w/c1", watch=delete_events)
        watcher_client.get_children("/w", watch=delete_events)
        actor.delete("/w/c1")
        delete_events.wait_for(2)
        result["delete_watches"] = delete_events.events

        exists_events = EventRecorder()
        watcher_client.exists("/later", watch=exists_events)
        actor.create("/later", b"x")
        exists_events.wait_for(1)
        watcher_client.exists("/later", watch=exists_events)
        actor.delete("/later")
        exists_events.wait_for(2)
        result["exists_watch"] = exists_events.events

        # Events reach the client in the order the changes happened.
        ordered = EventRecorder()
        for name in ("/o1", "/o2", "/o3"):
            actor.create(name)
            watcher_client.get(name, watch=ordered)
        actor.set("/o3", b"x")
        actor.set("/o1", b"x")
        actor.delete("/o2")
        ordered.wait_for(3)
        result["order"] = ordered.events

        # The change made by the watching client itself triggers its own watch as well.
        own = EventRecorder()
        watcher_client.get("/w", watch=own)
        watcher_client.set("/w", b"self")
        own.wait_for(1)
        result["own_change"] = own.events
        return result
    finally:
        watcher_client.stop()
        actor.stop()


run(scenario)
