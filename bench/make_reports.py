#!/usr/bin/env python3
"""Writes COUNT synthetic but realistic whydiff reports, for timing `whydiff catalogue`.

Each report is a real one (a corpus pair's `whydiff diff --format json`, from TEMPLATES) made
into another build pair's: its left and right paths name another job, every ISO date-time in
its values moves by a few seconds per copy (so the examples kept differ, as between real
builds), and its sha256 fields are recomputed from that. The reports cycle through the
templates, so the mix of causes, formats and sizes is the corpus's. Output: OUT/reports/*.json
and OUT/reports.jsonl (the same reports, one per line). Deterministic: same inputs, same bytes.

usage: make_reports.py TEMPLATES_DIR OUT_DIR [COUNT]
"""
import datetime
import hashlib
import json
import os
import re
import sys

ISO = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\b")


def shifted(value, seconds):
    def move(m):
        try:
            t = datetime.datetime(*map(int, m.groups()))
        except ValueError:
            return m.group(0)
        return (t + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")

    return ISO.sub(move, value) if isinstance(value, str) else value


def main():
    templates_dir, out_dir = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    names = sorted(n for n in os.listdir(templates_dir) if n.endswith(".json"))
    templates = [json.load(open(os.path.join(templates_dir, n))) for n in names]
    os.makedirs(os.path.join(out_dir, "reports"), exist_ok=True)
    total = 0
    with open(os.path.join(out_dir, "reports.jsonl"), "w") as lines:
        for i in range(count):
            template, name = templates[i % len(templates)], names[i % len(names)][:-5]
            copy = i // len(templates)
            report = json.loads(json.dumps(template))
            for side in ("left", "right"):
                path = f"builds/{name}/job-{copy:05d}/{side}"
                report[side]["path"] = path
                report[side]["sha256"] = hashlib.sha256(path.encode()).hexdigest()
            for difference in report["differences"]:
                for side in ("left", "right"):
                    difference[side] = shifted(difference[side], copy * 7)
            text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
            total += len(text)
            with open(os.path.join(out_dir, "reports", f"{i:05d}.json"), "w") as f:
                f.write(text)
            lines.write(json.dumps(report, ensure_ascii=False) + "\n")
    print(f"{count} reports from {len(templates)} templates, {total / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
