#!/usr/bin/env python3
"""Prints the sample registry plus POINTS copies of its thin-path point (P-TP-01-1), each on its
own outlet, with MN = PREFIX + the index zero-padded to WIDTH digits. Used by the benchmarks to
register the devices they simulate.
    scripts/bench-registry.py POINTS PREFIX WIDTH > registry.json"""
import json
import sys

points, prefix, width = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
registry = json.load(open("data/registry/sample.json"))
outlet = next(o for o in registry["outlets"] if o["id"] == "O-TP-01-1")
point = next(p for p in registry["points"] if p["id"] == "P-TP-01-1")
for index in range(points):
    registry["outlets"].append(dict(outlet, id=f"O-BENCH-{index:05d}", code=f"DB{index:05d}", name=f"基准测试排口{index}"))
    registry["points"].append(dict(point, id=f"P-BENCH-{index:05d}", outlet=f"O-BENCH-{index:05d}",
                                   mn=f"{prefix}{index:0{width}d}"))
json.dump(registry, sys.stdout, ensure_ascii=False)
