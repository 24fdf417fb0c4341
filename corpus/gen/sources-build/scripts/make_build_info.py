"""Write build_info.json with a fresh build UUID, as release scripts do.

WHYDIFF_UUID replays a value uuid.uuid4() returned earlier (the corpus records two).
"""
import json
import os
import sys
import uuid

build_uuid = os.environ.get("WHYDIFF_UUID") or str(uuid.uuid4())
info = {"name": "tinypkg", "version": "1.0.0", "build_uuid": build_uuid}
with open(sys.argv[1], "w") as f:
    f.write(json.dumps(info, indent=2, sort_keys=True) + "\n")
