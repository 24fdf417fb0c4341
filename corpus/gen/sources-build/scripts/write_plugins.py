"""Write plugins.txt listing the plugins a build registered, as generators that iterate a set do.

The set's iteration order follows the string hash, so it changes with PYTHONHASHSEED.
"""
import sys

plugins = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"}
with open(sys.argv[1], "w") as f:
    for name in plugins:
        f.write(name + "\n")
