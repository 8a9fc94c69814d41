#!/usr/bin/env python3
"""Runs the benchmarks of scripts/bench and writes BENCHMARKS.md (see that script)."""
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/resorption"
DATA = ROOT / "target/bench-data"
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1 10 100").split()]
BACKENDS = os.environ.get("BENCH_BACKENDS", "postgres sqlite").split()
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
PG = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# Loopback: the server and pgbench talk to PostgreSQL in clear, as a server beside its database
# would (libpq's default `prefer` encrypts when the server offers TLS, as Debian's does).
PG_OPTIONS = os.environ.get("BENCH_POSTGRES_OPTIONS", "?sslmode=disable")
PASSWORD = "resorption-demo"
PERSONAS = {"national admin": "admin@demo.resorption.fr", "local (93)": "asso.93@demo.resorption.fr"}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(backend, scale):
    if backend == "sqlite":
        return f"sqlite://{DATA}/sqlite-{scale}.db"
    return f"{PG}/resorption_bench_{scale}{PG_OPTIONS}"


def psql(sql, db="postgres"):
    out = subprocess.run(["psql", f"{PG}/{db}", "-Atqc", sql], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def env_for(url, port=None):
    # The allocator setting of the Dockerfile and scripts/run (D23).
    env = dict(os.environ, DATABASE_URL=url, RESORPTION_LOG_FORMAT="json", RUST_LOG="warn",
               MALLOC_MMAP_THRESHOLD_=os.environ.get("MALLOC_MMAP_THRESHOLD_", "131072"),
               RESORPTION_OUTBOX_DIR=str(DATA / "outbox"), RESORPTION_JWT_SECRET="bench-secret-bench-secret-bench-secret-01")
    if port:
        env["RESORPTION_BIND"] = f"127.0.0.1:{port}"
    return env


def ensure_dataset(backend, scale):
    """Seeds the data set once; later runs reuse it."""
    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(backend, scale)
    if backend == "sqlite":
        path = DATA / f"sqlite-{scale}.db"
        if path.exists():
            return url
    else:
        name = f"resorption_bench_{scale}"
        exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists and psql("SELECT count(*) FROM sites", name) != "0":
            return url
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
    log(f"seeding {scale}× France on {backend}…")
    started = time.time()
    subprocess.run([str(BIN), "seed", "--scale", str(scale)], env=env_for(url), check=True)
    log(f"  seeded in {time.time() - started:.0f} s")
    return url


def start_server(url):
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN), "serve"], env=env_for(url, port), stderr=subprocess.DEVNULL)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as response:
                if response.status == 200:
                    return process, port, (time.perf_counter() - started) * 1000
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the server stopped")
            time.sleep(0.005)


def login(port, email):
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/auth/login", data=body,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["access_token"]


def peak_memory_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_ticks(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def settle(pid, limit=60.0):
    """Waits until the server has worked off what the last run left queued (requests wrk gave
    up on are still answered), so that one endpoint's backlog is not billed to the next."""
    deadline = time.time() + limit
    before = cpu_ticks(pid)
    while time.time() < deadline:
        time.sleep(0.3)
        now = cpu_ticks(pid)
        if now - before <= 1:
            return
        before = now


def reset_peak_memory(pid):
    """Starts a new peak (Linux: 5 in clear_refs resets VmHWM), so each row shows its own."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def millis(text):
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not match:
        raise RuntimeError(f"unreadable wrk latency: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url, token, seconds=SECONDS):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-H", f"Authorization: Bearer {token}", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Requests/sec" not in out or "50%" not in out:
        raise RuntimeError(f"unreadable wrk output for {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = millis(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = millis(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def bare_postgres(db, statements):
    """Transactions per second of a script running every statement once (one request's reads)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("".join(statement + ";\n" for statement in statements))
    out = subprocess.run(["pgbench", "-n", "-c", str(CONNECTIONS), "-j", "2", "-T", str(SECONDS), "-f", script.name,
                          f"{PG}/{db}{PG_OPTIONS}"], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def bare_sqlite(path, statements):
    """The same reads by as many threads as connections, each with its own connection."""
    stop = time.time() + SECONDS
    counts = [0] * CONNECTIONS

    def work(index):
        connection = sqlite3.connect(path, check_same_thread=False)
        while time.time() < stop:
            for statement in statements:
                connection.execute(statement).fetchall()
            counts[index] += 1
        connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / SECONDS


def query_runner(backend, scale):
    if backend == "sqlite":
        connection = sqlite3.connect(DATA / f"sqlite-{scale}.db")
        return lambda sql: connection.execute(sql).fetchone()[0]
    db = f"resorption_bench_{scale}"
    return lambda sql: psql(sql, db)


def ids(backend, scale):
    """An open site of 93, the site with the most versions, and the busiest one of 93."""
    query = query_runner(backend, scale)
    site = query("SELECT max(id) FROM sites WHERE departement_code = '93' AND status = 'open'")
    busy = query("SELECT site_id FROM site_versions GROUP BY site_id ORDER BY count(*) DESC, site_id LIMIT 1")
    busy_93 = query("SELECT site_id FROM site_versions WHERE departement_code = '93' "
                    "GROUP BY site_id ORDER BY count(*) DESC, site_id LIMIT 1")
    action = query("SELECT max(id) FROM actions WHERE departement_code = '93'")
    return int(site), int(busy), int(busy_93), int(action or 0)


SUMMARY = ("site_id, status, name, address, city_code, city_name, departement_code, region_code, epci_code, latitude, "
           "longitude, field_type, population_total, population_minors, minors_in_school, origin_french, "
           "origin_european, origin_other, water_status, sanitary_status, electricity_status, trash_status, "
           "pests_status, fire_status, heatwave, resorption_target, built_at, built_sort_at, declared_at, "
           "data_updated_at, closed_at, closed_with_solutions")
# The versions a list reads: the current ones, or those valid at the end of a day.
NOW = "valid_to IS NULL"


def valid_at(day):
    """As the server asks it: valid at the end of the day, data updated by then (D26)."""
    return (f"valid_from <= '{day} 23:59:59' AND (valid_to IS NULL OR valid_to > '{day} 23:59:59') "
            f"AND data_updated_at <= '{day}'")


def list_queries(where, text_search=False):
    """What a list page reads from site versions: totals, then the page with the actor count of
    each site (a text search first picks the page's versions, then reads them)."""
    page = f"SELECT id FROM site_versions WHERE {where} ORDER BY data_updated_at DESC, site_id DESC LIMIT 51"
    actors = "(SELECT count(*) FROM site_actors a WHERE a.site_id = site_versions.site_id)"
    rows = (
        [page, f"SELECT {SUMMARY}, {actors} FROM site_versions WHERE id IN ({page})"]
        if text_search
        else [f"SELECT {SUMMARY}, {actors} FROM site_versions WHERE {where} "
              "ORDER BY data_updated_at DESC, site_id DESC LIMIT 51"]
    )
    return [
        f"SELECT count(*), sum(population_total), sum(population_minors) FROM site_versions WHERE {where}",
        *rows,
    ]


def text_match(backend, word):
    """The text condition as the server writes it: PostgreSQL's trigram index answers `LIKE` on
    the column, SQLite's is an FTS5 table."""
    if backend == "sqlite":
        return f"id IN (SELECT rowid FROM site_versions_search WHERE search_text LIKE '%{word}%')"
    return f"search_text LIKE '%{word}%'"


# A list as of this day: one year back, within the five years of history the seed writes.
YEAR_BACK = (datetime.date.today() - datetime.timedelta(days=365)).isoformat()


def endpoints(backend, site, busy, busy_93, action):
    """(name, path for each persona, the SQL statements reading the same data)."""
    both = lambda path: {persona: path for persona in PERSONAS}
    return [
        ("site detail", both(f"/api/sites/{site}"), [
            "SELECT s.id, s.version, s.status, s.region_code, s.departement_code, s.epci_code, s.city_code, v.snapshot, "
            "EXISTS (SELECT 1 FROM site_favorites f WHERE f.site_id = s.id AND f.user_id = 1), "
            "cu.id, cu.first_name, cu.last_name, cu.position, co.id, co.name, co.abbreviation, "
            "uu.id, uu.first_name, uu.last_name, uu.position, uo.id, uo.name, uo.abbreviation "
            "FROM sites s JOIN site_versions v ON v.site_id = s.id AND v.valid_to IS NULL "
            "LEFT JOIN users cu ON cu.id = s.created_by LEFT JOIN organizations co ON co.id = cu.organization_id "
            "LEFT JOIN users uu ON uu.id = s.updated_by LEFT JOIN organizations uo ON uo.id = uu.organization_id "
            f"WHERE s.id = {site}",
            "SELECT u.id, u.first_name, u.last_name, u.position, o.id, o.name, o.abbreviation, a.created_at, "
            "a.other_theme, t.theme FROM site_actors a JOIN users u ON u.id = a.user_id "
            "JOIN organizations o ON o.id = u.organization_id LEFT JOIN site_actor_themes t "
            f"ON t.site_id = a.site_id AND t.user_id = a.user_id WHERE a.site_id = {site} ORDER BY a.created_at, a.user_id",
            "SELECT v.action_id, v.name, v.started_at, v.ended_at, v.topics, v.region_code, v.departement_code, "
            "EXISTS (SELECT 1 FROM action_members m WHERE m.action_id = v.action_id AND m.organization_id = 1) "
            "FROM action_sites s JOIN action_versions v ON v.action_id = s.action_id AND v.valid_to IS NULL "
            f"WHERE s.site_id = {site} ORDER BY v.started_at DESC, v.action_id DESC",
        ]),
        ("action detail", both(f"/api/actions/{action}"), [
            f"SELECT id, version, departement_code, region_code FROM actions WHERE id = {action}",
            f"SELECT role FROM action_members WHERE action_id = {action} AND organization_id = 1",
            f"SELECT snapshot FROM action_versions WHERE action_id = {action} AND valid_to IS NULL",
            "SELECT u.id, u.first_name, u.last_name, u.position, o.id, o.name, o.abbreviation FROM users u "
            "JOIN organizations o ON o.id = u.organization_id WHERE u.id IN (1, 2, 3, 4, 5)"]),
        ("action list, one département", both("/api/actions?location_type=departement&location_code=93&limit=50"), [
            "SELECT count(*), sum(CASE WHEN ended_at < CURRENT_DATE THEN 1 ELSE 0 END) FROM action_versions "
            f"WHERE {NOW} AND departement_code = '93'",
            "SELECT action_id, name, started_at, ended_at, topics, departement_code, location_type, valid_from "
            f"FROM action_versions WHERE {NOW} AND departement_code = '93' AND ended_at IS NULL "
            "ORDER BY started_at DESC, action_id DESC LIMIT 51",
            "SELECT m.action_id, m.role, m.is_principal, o.id, o.name, o.abbreviation FROM action_members m "
            "JOIN organizations o ON o.id = m.organization_id WHERE m.action_id IN "
            f"(SELECT action_id FROM action_versions WHERE {NOW} AND departement_code = '93' LIMIT 50)"]),
        ("list, one département", both("/api/sites?location_type=departement&location_code=93&limit=50"),
         list_queries(f"{NOW} AND status = 'open' AND departement_code = '93'")),
        ("list, national text search", both("/api/sites?q=gare&limit=50"),
         list_queries(f"{NOW} AND status = 'open' AND {text_match(backend, 'gare')}", text_search=True)),
        ("list, national, a year back", both(f"/api/sites?as_of={YEAR_BACK}&limit=50"),
         list_queries(f"{valid_at(YEAR_BACK)} AND status = 'open'")),
        ("map, all France", both("/api/sites/map"), [
            "SELECT site_id, address, name, field_type, status, population_total, heatwave, longitude, latitude "
            f"FROM site_versions WHERE {NOW} AND status = 'open' ORDER BY site_id"]),
        ("history, busy site", {"national admin": f"/api/sites/{busy}/history", "local (93)": f"/api/sites/{busy_93}/history"}, [
            f"SELECT kind, author_id, valid_from, snapshot FROM site_versions WHERE site_id = {busy} ORDER BY version",
            "SELECT u.id, u.first_name, u.last_name, u.position, o.id, o.name, o.abbreviation FROM users u "
            "JOIN organizations o ON o.id = u.organization_id WHERE u.id IN (1, 2, 3, 4, 5, 6, 7, 8, 9)"]),
        ("export, one département", both("/api/sites/export?location_type=departement&location_code=93"), [
            f"SELECT id FROM site_versions WHERE {NOW} AND status = 'open' AND departement_code = '93' "
            "ORDER BY departement_code, city_name, site_id",
            f"SELECT id, snapshot FROM site_versions WHERE {NOW} AND status = 'open' AND departement_code = '93'"]),
    ]


def first_request(port, path, token):
    """Milliseconds to read one whole answer."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def alone(port, path, token, count=50):
    """p95 in milliseconds of `count` requests sent one at a time: the latency of one user, without
    the queueing of the load (kept answers serve those that have one, as under the load)."""
    times = sorted(first_request(port, path, token) for _ in range(count))
    return times[min(len(times) - 1, int(len(times) * 0.95))]


def map_size(port, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/sites/map",
                                     headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        raw = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        return len(raw), len(gzip.compress(raw)), len(json.loads(raw)["features"])


def counts(backend, scale):
    query = query_runner(backend, scale)
    return {
        "open_sites": int(query("SELECT count(*) FROM sites WHERE status = 'open'")),
        "sites": int(query("SELECT count(*) FROM sites")),
        "versions": int(query("SELECT count(*) FROM site_versions")),
        "people": int(query("SELECT sum(population_total) FROM site_versions WHERE valid_to IS NULL AND status = 'open'")),
        "comments": int(query("SELECT count(*) FROM site_comments")),
    }


def run(backend, scale):
    url = ensure_dataset(backend, scale)
    site, busy, busy_93, action = ids(backend, scale)
    process, port, cold_start = start_server(url)
    try:
        tokens = {persona: login(port, email) for persona, email in PERSONAS.items()}
        result = {"backend": backend, "scale": scale, "cold_start_ms": cold_start, "counts": counts(backend, scale),
                  "rows": []}
        if scale == 1:
            result["map_size"] = map_size(port, tokens["national admin"])
        result["idle_memory_mb"] = peak_memory_mb(process.pid)
        overall_peak = result["idle_memory_mb"]
        for name, paths, statements in endpoints(backend, site, busy, busy_93, action):
            if backend == "sqlite":
                bare = bare_sqlite(str(DATA / f"sqlite-{scale}.db"), statements)
            else:
                bare = bare_postgres(f"resorption_bench_{scale}", statements)
            for persona, token in tokens.items():
                log(f"{backend} {scale}× {name} as {persona}…")
                # The first request, before any kept answer exists for this caller (the cost
                # of a cache miss), then a short unmeasured run: it fills caches and opens connections.
                first_ms = first_request(port, paths[persona], token)
                wrk(f"http://127.0.0.1:{port}{paths[persona]}", token, seconds=1)
                settle(process.pid)
                reset_peak_memory(process.pid)
                measure = wrk(f"http://127.0.0.1:{port}{paths[persona]}", token)
                measure.update(endpoint=name, persona=persona, bare_rps=bare, memory_mb=peak_memory_mb(process.pid),
                               first_ms=first_ms, alone_p95=alone(port, paths[persona], token))
                overall_peak = max(overall_peak, measure["memory_mb"])
                settle(process.pid)
                result["rows"].append(measure)
        result["peak_memory_mb"] = overall_peak
        return result
    finally:
        process.terminate()
        process.wait()


def bundle_size():
    """What the first screen downloads: the main WebAssembly part, its JS glue and the loader of
    the parts fetched later (those parts themselves are not)."""
    pkg = ROOT / "web/dist/pkg"
    files = [pkg / "web_bg.wasm", pkg / "web.js", *pkg.glob("lazy-*/__wasm_split.js")]
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in files if path.exists())


def main():
    results = [run(backend, scale) for backend in BACKENDS for scale in SCALES]
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, {platform.platform()}",
        "rustc": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip(),
        "postgres": psql("SHOW server_version"),
        "sqlite": sqlite3.sqlite_version,
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
        "seconds": SECONDS,
        "connections": CONNECTIONS,
        "bundle_gzip": bundle_size(),
    }
    (DATA / "results.json").write_text(json.dumps({"info": info, "results": results}, indent=2))
    subprocess.run([sys.executable, str(ROOT / "scripts/bench_report.py"), str(DATA / "results.json"),
                    str(ROOT / "BENCHMARKS.md")], check=True)
    log("BENCHMARKS.md written")


if __name__ == "__main__":
    main()
