"""Creates an ephemeral and exits without closing the session, like a crashed process."""
import json
import os
import sys

from conformance import connect, session_id

client = connect(sys.argv[1], timeout=float(sys.argv[3]))
client.create(sys.argv[2], b"crash", ephemeral=True)
sys.stdout.write(json.dumps({"session_id": session_id(client)}) + "\n")
sys.stdout.flush()
os._exit(0)  # no CloseSession: the server has to expire the session
