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
    "bare SQL queries/s. **First** is one request timed alone before the load, when no kept answer",
    "exists yet for that caller: maps, histories, list totals and spreadsheets are kept a few seconds",
    "until the next write (D20, D25), so the load measures mostly kept answers for those and First",
    "shows what building one costs. **Alone p95** is the 95th percentile of 50 requests sent one at a",
    "time after the load: one user's wait, without the queue of 64 connections on 2 cores. PostgreSQL",
    "is reached over loopback without TLS (`sslmode=disable`).",
    "",
    f"- Run: {info['date']}; {info['machine']}",
    f"- {info['rustc']}; PostgreSQL {info['postgres']}; SQLite {info['sqlite']}; {info['wrk']}",
    f"- Load: {info['connections']} connections, {info['seconds']} s per endpoint and persona, release build",
    f"- Web app first load (WebAssembly + JavaScript, gzip -9): {info['bundle_gzip'] / 1024:.0f} KB",
    "",
]


def find(backend, scale):
    return next((r for r in results if r["backend"] == backend and r["scale"] == scale), None)


def rows_of(result, endpoint):
    return [row for row in result["rows"] if row["endpoint"] == endpoint] if result else []


def verdict(ok):
    return "met" if ok else "**missed**"


def targets():
    """The issue's targets, each checked against this run (PostgreSQL 100× unless said)."""
    pg100, pg1, lite10 = find("postgres", 100), find("postgres", 1), find("sqlite", 10)
    out = ["## Targets (PostgreSQL, 100× France, 64 connections, unless said)", "",
           "| Target | Measured | Verdict |", "|---|---|---|"]

    def rate_target(label, endpoint, rps, p99):
        rows = rows_of(pg100, endpoint)
        if rows:
            low = min(r["rps"] for r in rows)
            worst = max(r["p99"] for r in rows)
            out.append(f"| {label}: ≥ {rps:,} req/s, p99 ≤ {p99} ms | {low:,.0f} req/s, p99 {worst:.1f} ms (worse persona) "
                       f"| {verdict(low >= rps and worst <= p99)} |")

    rate_target("Site detail", "site detail", 3000, 20)
    rate_target("List page, one département", "list, one département", 1000, 50)
    rate_target("List page, national text search", "list, national text search", 1000, 50)
    as_of = rows_of(pg100, "list, national, a year back")
    if as_of:
        p95 = max(r.get("alone_p95", 0) for r in as_of)
        first = max(r.get("first_ms", 0) for r in as_of)
        memory = max(r.get("memory_mb", 0) for r in as_of)
        out.append(f"| List page, national, as of a year back: p95 ≤ 50 ms, memory ≤ 100 MB | p95 {p95:.1f} ms one "
                   f"request at a time (first, nothing kept: {first:.0f} ms), peak {memory:.0f} MB under load "
                   f"| {verdict(p95 <= 50 and memory <= 100)} |")
    maps = rows_of(pg1, "map, all France")
    if maps and "map_size" in pg1:
        p50 = max(r["p50"] for r in maps)
        gzip_kb = pg1["map_size"][1] / 1024
        out.append(f"| Map of all open sites at 1×: p50 ≤ 30 ms, ≤ 150 KB gzip | p50 {p50:.1f} ms, {gzip_kb:.0f} KB "
                   f"| {verdict(p50 <= 30 and gzip_kb <= 150)} |")
    if pg100:
        for endpoint in dict.fromkeys(r["endpoint"] for r in pg100["rows"]):
            rows = rows_of(pg100, endpoint)
            ratio = min(r["rps"] / r["bare_rps"] for r in rows if r["bare_rps"])
            out.append(f"| {endpoint}: ≥ half the bare SQL rate | ratio {ratio:.2f} | {verdict(ratio >= 0.5)} |")
        peaks = {r["endpoint"]: r.get("memory_mb", 0) for r in pg100["rows"]}
        worst = max(peaks, key=peaks.get)
        over = [e for e, mb in peaks.items() if mb > 100]
        out.append(f"| Server memory under load ≤ 100 MB | idle {pg100.get('idle_memory_mb', 0):.0f} MB; highest "
                   f"{peaks[worst]:.0f} MB ({worst}){'; over 100 MB: ' + ', '.join(over) if over else ''} "
                   f"| {verdict(not over)} |")
        out.append(f"| Cold start ≤ 1 s | {pg100['cold_start_ms']:.0f} ms | {verdict(pg100['cold_start_ms'] <= 1000)} |")
    if lite10:
        for endpoint, rps in [("site detail", 3000), ("list, one département", 1000), ("list, national text search", 1000)]:
            rows = rows_of(lite10, endpoint)
            if rows:
                low = min(r["rps"] for r in rows)
                out.append(f"| SQLite 10×, {endpoint}: ≥ {rps:,} req/s | {low:,.0f} req/s | {verdict(low >= rps)} |")
    bundle_kb = info["bundle_gzip"] / 1024
    out.append(f"| Web app first load ≤ 400 KB gzip | {bundle_kb:.0f} KB | {verdict(bundle_kb <= 400)} |")
    return out + [""]


lines += targets()
for result in results:
    counts = result["counts"]
    lines += [
        f"## {result['backend'].capitalize()}, {result['scale']}× France",
        "",
        f"{counts['open_sites']:,} open sites ({counts['sites']:,} in all) with {counts['people']:,} people, "
        f"{counts['versions']:,} versions, {counts['comments']:,} journal messages. "
        f"Cold start to ready: {result['cold_start_ms']:.0f} ms. Server memory idle: {result.get('idle_memory_mb', 0):.0f} MB, "
        f"peak under load: {result['peak_memory_mb']:.0f} MB.",
        "",
    ]
    if "map_size" in result:
        raw, compressed, features = result["map_size"]
        lines += [f"Map of all open sites: {features:,} features, {raw / 1024:.0f} KB raw, {compressed / 1024:.0f} KB gzip.", ""]
    lines += [
        "| Endpoint | Caller | First (ms) | Alone p95 (ms) | Requests/s | p50 (ms) | p99 (ms) | Errors | Peak memory (MB) | Bare SQL (q/s) | Ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        ratio = row["rps"] / row["bare_rps"] if row["bare_rps"] else 0
        lines.append(
            f"| {row['endpoint']} | {row['persona']} | {row.get('first_ms', 0):,.1f} | {row.get('alone_p95', 0):,.1f} | {row['rps']:,.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['errors']} | {row.get('memory_mb', 0):.0f} | {row['bare_rps']:,.0f} | {ratio:.2f} |"
        )
    lines.append("")
open(output, "w").write("\n".join(lines))
