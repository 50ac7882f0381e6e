"""Ephemerals vanish when the owning client closes its session; another client's watch sees NodeDeleted."""
from conformance import EventRecorder, connect, run, session_id


def scenario(hosts):
    owner = connect(hosts)
    observer = connect(hosts)
    try:
        owner.create("/master", b"me", ephemeral=True)
        sequential = owner.create("/lock-", ephemeral=True, sequence=True)
        owner_session = session_id(owner)
        stat_before = observer.exists("/master")

        deleted = EventRecorder()
        observer.exists("/master", watch=deleted)
        children = EventRecorder()
        observer.get_children("/", watch=children)

        owner.stop()  # closes the session
        deleted.wait_for(1)
        children.wait_for(1)
        return {
            "owner_session": owner_session,
            "owner_in_stat": stat_before.ephemeralOwner,
            "deleted_event": deleted.events,
            "root_child_event": children.events,
            "master_gone": observer.exists("/master") is None,
            "sequential_gone": observer.exists(sequential) is None,
            "root_children": sorted(observer.get_children("/")),
        }
    finally:
        observer.stop()
        owner.close()


run(scenario)
