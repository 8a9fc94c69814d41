#!/usr/bin/env python3
"""`scripts/bench soak` (issue 30, suite 7; not part of the test command): mixed reads and writes
at 80 % of the measured maximum for SOAK_SECONDS (600 by default) against the release server on
PostgreSQL at SOAK_SCALE× France (10 by default). Passes with no error and a flat memory curve;
writes the curve to target/bench-data/soak.md and prints it."""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import bench

SCALE = int(os.environ.get("SOAK_SCALE", "10"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "32"))
SAMPLE_SECONDS = 10
# Memory is flat when, after the first minute, the last third of the run stays within this of
# the first third.
FLAT_MB = 20

# One request per call of `request()`, in this rotation: four reads for one write (a journal
# message, which needs no If-Match and so never conflicts), as a working day of the platform.
SCRIPT = """
local site = %(site)d
local paths = {
  "/api/sites/" .. site,
  "/api/sites?location_type=departement&location_code=93&limit=50",
  "/api/sites/" .. site .. "/history",
  "/api/sites?q=gare&limit=50",
}
local counter = 0
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  if counter %% 5 == 0 then
    return wrk.format("POST", "/api/sites/" .. site .. "/comments", nil,
      '{"body": "Passage de l\\'équipe : situation stable.", "visibility": "public"}')
  end
  return wrk.format("GET", paths[(counter %% 5)])
end
%(delay)s
"""


def run_wrk(port, script, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
        path = file.name
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", path,
               f"http://127.0.0.1:{port}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = bench.millis(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    return {"rps": rps, "p99": p99, "errors": errors}


def resident_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    url = bench.ensure_dataset("postgres", SCALE)
    site, _, _, _ = bench.ids("postgres", SCALE)
    process, port, _ = bench.start_server(url)
    try:
        token = bench.login(port, bench.PERSONAS["national admin"])
        values = {"site": site, "token": token}
        bench.log(f"soak: measuring the maximum of the mix at {SCALE}× on PostgreSQL…")
        run_wrk(port, SCRIPT % {**values, "delay": ""}, 2)
        maximum = run_wrk(port, SCRIPT % {**values, "delay": ""}, 20)
        target = 0.8 * maximum["rps"]
        # Each connection waits between answer and request so that all of them together send
        # `target` requests a second: a cycle of CONNECTIONS / target seconds is the wait plus the
        # answer's time, which is measured once at a first guess and taken off.
        cycle_ms = CONNECTIONS * 1000 / target
        delay = lambda wait_ms: f"delay = function() return {max(wait_ms, 0.0):.3f} end"
        bench.settle(process.pid)
        trial = run_wrk(port, SCRIPT % {**values, "delay": delay(cycle_ms)}, 10)
        answer_ms = CONNECTIONS * 1000 / trial["rps"] - cycle_ms
        delay = delay(cycle_ms - answer_ms)
        bench.settle(process.pid)
        bench.log(f"soak: {SECONDS} s at {target:,.0f} requests/s (80 % of {maximum['rps']:,.0f})…")
        curve = []
        started = time.time()
        done = threading.Event()

        def sample():
            while not done.wait(SAMPLE_SECONDS):
                curve.append((round(time.time() - started), resident_mb(process.pid)))

        sampler = threading.Thread(target=sample)
        sampler.start()
        curve.append((0, resident_mb(process.pid)))
        load = run_wrk(port, SCRIPT % {**values, "delay": delay}, SECONDS)
        done.set()
        sampler.join()
    finally:
        process.terminate()
        process.wait()
    # Kept answers, connections and the allocator's arenas fill during the first minute; flat
    # means no growth after it.
    settled = [point for point in curve if point[0] >= 60] or curve
    third = max(1, len(settled) // 3)
    first = sum(mb for _, mb in settled[:third]) / third
    last = sum(mb for _, mb in settled[-third:]) / third
    flat = abs(last - first) <= FLAT_MB
    lines = [
        f"# Soak — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"PostgreSQL {SCALE}× France, release build, {CONNECTIONS} connections, {SECONDS} s of four reads "
        f"(site detail, département list, history, text search) for one write (a journal message).",
        f"Maximum of the mix: {maximum['rps']:,.0f} requests/s (p99 {maximum['p99']:.1f} ms, {maximum['errors']} errors). "
        f"Soak at 80 %: {load['rps']:,.0f} requests/s, p99 {load['p99']:.1f} ms, **{load['errors']} errors**.",
        f"Resident memory after the first minute: {first:.0f} MB over its first third, {last:.0f} MB over its last "
        f"(**{'flat' if flat else 'not flat'}**, ±{FLAT_MB} MB), peak {max(mb for _, mb in curve):.0f} MB.",
        "",
        "| Seconds | Resident memory (MB) |",
        "|---:|---:|",
        *[f"| {t} | {mb:.0f} |" for t, mb in curve],
        "",
    ]
    report = "\n".join(lines)
    (bench.DATA / "soak.md").write_text(report)
    (bench.DATA / "soak.json").write_text(json.dumps({"maximum": maximum, "load": load, "curve": curve}, indent=2))
    print(report)
    if load["errors"] or not flat:
        sys.exit(1)


if __name__ == "__main__":
    main()
