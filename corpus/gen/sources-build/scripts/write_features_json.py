"""Write features.json, listing the features a build enabled, pretty-printed.

The list is made from a set, so its order follows the string hash (PYTHONHASHSEED).
"""
import json
import sys

FEATURES = {"auth", "cache", "compression", "metrics", "search", "storage", "tracing", "upload"}
with open(sys.argv[1], "w") as f:
    json.dump({"name": "tinyapp", "features": list(FEATURES), "version": "1.0.0"}, f, indent=2)
    f.write("\n")
