"""Write build_stamp.json: when the build ran (time.time(), the build clock), as release scripts do."""
import json
import sys
import time

info = {"built_at": int(time.time()), "package": "tinyapp", "version": "1.0.0"}
with open(sys.argv[1], "w") as f:
    f.write(json.dumps(info, indent=2, sort_keys=True) + "\n")
