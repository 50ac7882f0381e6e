"""An ephemeral outlives its crashed owner until the session times out, then vanishes with a NodeDeleted event."""
import json
import subprocess
import sys
import time

from conformance import EventRecorder, connect, run

REQUESTED_TIMEOUT_SECONDS = "1.0"


def scenario(hosts):
    observer = connect(hosts)
    try:
        child = subprocess.run(
            [sys.executable, "-u", __file__.replace("session_expiry.py", "crashing_owner.py"),
             hosts, "/crashed", REQUESTED_TIMEOUT_SECONDS],
            stdout=subprocess.PIPE, check=True, timeout=30)
        owner_session = json.loads(child.stdout.decode())["session_id"]
        crashed_at = time.monotonic()

        stat = observer.exists("/crashed", watch=None)
        deleted = EventRecorder()
        still_there = observer.exists("/crashed", watch=deleted) is not None
        deleted.wait_for(1)
        return {
            "owner_session": owner_session,
            "owner_in_stat": None if stat is None else stat.ephemeralOwner,
            "present_after_crash": still_there,
            "deleted_event": deleted.events,
            "seconds_until_deleted": time.monotonic() - crashed_at,
            "gone": observer.exists("/crashed") is None,
        }
    finally:
        observer.stop()


run(scenario)
