#!/usr/bin/env python3
"""Turns the results of scripts/bench.py into BENCHMARKS.md."""
import json
import sys

results_path, output = sys.argv[1], sys.argv[2]
data = json.loads(open(results_path).read())
info, results = data["info"], data["results"]

lines = [
    "# Benchmarks",
    "",
    "Produced by `scripts/bench` (reproduce with that command; `BENCH_SCALES`, `BENCH_BACKENDS`,",
    "`BENCH_SECONDS`, `BENCH_CONNECTIONS` narrow a run). Each endpoint is loaded by `wrk` from a second",
    "process on loopback, and the same data read by bare SQL (`pgbench` on PostgreSQL, the `sqlite3`",
    "engine from Python threads on SQLite) at the same concurrency; **ratio** = endpoint requests/s ÷",
    "bare SQL queries/s.",
    "",
    f"- Run: {info['date']}; {info['machine']}",
    f"- {info['rustc']}; PostgreSQL {info['postgres']}; SQLite {info['sqlite']}; {info['wrk']}",
    f"- Load: {info['connections']} connections, {info['seconds']} s per endpoint and persona, release build",
    f"- Web app first load (WebAssembly + JavaScript, gzip -9): {info['bundle_gzip'] / 1024:.0f} KB",
    "",
]
for result in results:
    counts = result["counts"]
    lines += [
        f"## {result['backend'].capitalize()}, {result['scale']}× France",
        "",
        f"{counts['open_sites']:,} open sites ({counts['sites']:,} in all) with {counts['people']:,} people, "
        f"{counts['versions']:,} versions, {counts['comments']:,} journal messages. "
        f"Cold start to ready: {result['cold_start_ms']:.0f} ms. Server peak memory: {result['peak_memory_mb']:.0f} MB.",
        "",
    ]
    if "map_size" in result:
        raw, compressed, features = result["map_size"]
        lines += [f"Map of all open sites: {features:,} features, {raw / 1024:.0f} KB raw, {compressed / 1024:.0f} KB gzip.", ""]
    lines += [
        "| Endpoint | Caller | Requests/s | p50 (ms) | p99 (ms) | Errors | Bare SQL (q/s) | Ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        ratio = row["rps"] / row["bare_rps"] if row["bare_rps"] else 0
        lines.append(
            f"| {row['endpoint']} | {row['persona']} | {row['rps']:,.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['errors']} | {row['bare_rps']:,.0f} | {ratio:.2f} |"
        )
    lines.append("")
open(output, "w").write("\n".join(lines))
